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

/**
 * The Defender for Cloud alert blade in the Azure portal: `#blade/` (the form in exports we have) or the
 * portal's newer `#view/`, on the public portal or a sovereign cloud's (`portal.azure.us`, `portal.azure.cn`).
 */
export const MDC_PORTAL_LINK =
  /^https:\/\/(?:ms\.)?portal\.azure\.(?:com|us|cn)\/#(?:blade|view)\/Microsoft_Azure_Security[A-Za-z_]*\/AlertBlade\//;

export function isMdcPortalLink(link: string): boolean {
  return MDC_PORTAL_LINK.test(link);
}

export function isXdrLink(link: string): boolean {
  return /^https:\/\/security\.microsoft\.com\//.test(link);
}
