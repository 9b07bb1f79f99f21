/**
 * A Sentinel workspace's connector configuration, as the article varies it: the subscription-based
 * Defender for Cloud connector per subscription (with or without bi-directional sync), the tenant-based
 * connector, Defender XDR's setting for Defender for Cloud alerts, the Defender XDR connector, and
 * Microsoft incident creation rules. It leaves out everything that does not change the alert and incident
 * flows (permissions, workspaces other than the primary one, entity mappings).
 */

/** ProductName values a Microsoft incident creation rule can filter on (the ARM enum, legacy names). */
export const RULE_PRODUCTS = [
  'Azure Security Center',
  'Azure Active Directory Identity Protection',
  'Azure Advanced Threat Protection',
  'Azure Security Center for IoT',
  'Microsoft Cloud App Security',
  'Microsoft Defender Advanced Threat Protection',
  'Office 365 Advanced Threat Protection',
] as const;
export type RuleProduct = (typeof RULE_PRODUCTS)[number];

/** The ProductName every Defender for Cloud alert carries in SecurityAlert. */
export const MDC_PRODUCT: RuleProduct = 'Azure Security Center';

export const SEVERITIES = ['Informational', 'Low', 'Medium', 'High'] as const;
export type Severity = (typeof SEVERITIES)[number];

export type XdrMdcSetting = 'All alerts' | 'No alerts';

export interface SubscriptionConnector {
  subscription: string;
  /** Bi-directional sync between Sentinel incidents and the MDC alerts they hold. */
  sync: boolean;
}

export interface IncidentRule {
  name: string;
  /** The rule creates incidents only for alerts whose ProductName is listed here. */
  productFilter: RuleProduct[];
  /** Empty means every severity. */
  severitiesFilter: Severity[];
}

export interface WorkspaceConfig {
  /** Subscriptions of the tenant at the start; more may be added by the timeline. */
  subscriptions: string[];
  /** The subscription-based connector, enabled on these subscriptions only. */
  subscriptionConnector: SubscriptionConnector[];
  tenantConnector: boolean;
  xdrMdcSetting: XdrMdcSetting;
  xdrConnector: boolean;
  incidentRules: IncidentRule[];
}

/** A change of configuration during the timeline. */
export type ConfigChange =
  | { kind: 'subscription-connector-enabled'; subscription: string; sync: boolean }
  | { kind: 'subscription-connector-disabled'; subscription: string }
  | { kind: 'tenant-connector'; enabled: boolean }
  | { kind: 'xdr-mdc-setting'; value: XdrMdcSetting }
  | { kind: 'xdr-connector'; enabled: boolean }
  | { kind: 'rule-added'; rule: IncidentRule }
  | { kind: 'rule-removed'; name: string };

/** Applies one change; pure, returns a new configuration. */
export function applyConfigChange(config: WorkspaceConfig, change: ConfigChange): WorkspaceConfig {
  switch (change.kind) {
    case 'subscription-connector-enabled':
      return {
        ...config,
        subscriptionConnector: [
          ...config.subscriptionConnector.filter((c) => c.subscription !== change.subscription),
          { subscription: change.subscription, sync: change.sync },
        ],
      };
    case 'subscription-connector-disabled':
      return {
        ...config,
        subscriptionConnector: config.subscriptionConnector.filter(
          (c) => c.subscription !== change.subscription,
        ),
      };
    case 'tenant-connector':
      return { ...config, tenantConnector: change.enabled };
    case 'xdr-mdc-setting':
      return { ...config, xdrMdcSetting: change.value };
    case 'xdr-connector':
      return { ...config, xdrConnector: change.enabled };
    case 'rule-added':
      return {
        ...config,
        incidentRules: [...config.incidentRules.filter((r) => r.name !== change.rule.name), change.rule],
      };
    case 'rule-removed':
      return { ...config, incidentRules: config.incidentRules.filter((r) => r.name !== change.name) };
  }
}

export function subscriptionConnectorOn(
  config: WorkspaceConfig,
  subscription: string,
): SubscriptionConnector | undefined {
  return config.subscriptionConnector.find((c) => c.subscription === subscription);
}

/** Whether a rule would create an incident for an alert of this product and severity. */
export function ruleMatches(rule: IncidentRule, product: string, severity: Severity): boolean {
  return (
    (rule.productFilter as string[]).includes(product) &&
    (rule.severitiesFilter.length === 0 || rule.severitiesFilter.includes(severity))
  );
}
