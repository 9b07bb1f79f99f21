/**
 * The two kinds of AlertLink an MDC alert row can carry: the Defender for Cloud blade in the Azure portal
 * (subscription-based connector) or a Defender XDR link (tenant-based connector). The tenant connector's
 * exact format is unverified publicly (ASSUME-TENANT-LINK): any https link on security.microsoft.com counts.
 */

export function mdcPortalLink(alertName: string, subscription: string, resourceGroup: string): string {
  return (
    'https://portal.azure.com/#blade/Microsoft_Azure_Security_AzureDefenderForData/AlertBlade/alertId/' +
    `${alertName}/subscriptionId/${subscription}/resourceGroup/${resourceGroup}/referencedFrom/alertDeepLink/location/westeurope`
  );
}

export function xdrAlertLink(xdrAlertId: string, tenantId: string): string {
  return `https://security.microsoft.com/alerts/${xdrAlertId}?tid=${tenantId}`;
}

export function isMdcPortalLink(link: string): boolean {
  return /^https:\/\/portal\.azure\.com\/#blade\/Microsoft_Azure_Security[A-Za-z_]*\/AlertBlade\//.test(link);
}

export function isXdrLink(link: string): boolean {
  return /^https:\/\/security\.microsoft\.com\//.test(link);
}
