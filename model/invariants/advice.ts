/**
 * The article's configuration advice as lints over one WorkspaceConfig and the subscriptions that exist.
 * Each finding carries the consequence the model predicts for the pitfall (named by the behaviours that
 * produce it). The lints look at one configuration; the harness runs them on every configuration a
 * timeline passes through.
 */
import { type IncidentRule, MDC_PRODUCT, subscriptionConnectorOn, type WorkspaceConfig } from '../config.ts';
import type { AdviceFinding, AdviceLint, Behaviour } from '../invariant.ts';
import { headOf, quoteList } from './support-incidents.ts';

/** Subscriptions a finding names; a tenant of thousands gets the first ones and a count, not a page each. */
const NAMED_SUBSCRIPTIONS = 10;

/** `['sub-1', 'sub-2']`, or `['sub-1', …, 'sub-10'] and 19,990 more` past NAMED_SUBSCRIPTIONS. */
function subscriptionList(subscriptions: readonly string[]): string {
  const { head, more } = headOf(subscriptions, NAMED_SUBSCRIPTIONS);
  return `${quoteList(head)}${more}`;
}

/** Existing subscriptions whose alerts no MDC connector forwards (the tenant one covers all that reach XDR). */
function uncoveredSubscriptions(config: WorkspaceConfig, subscriptions: readonly string[]): string[] {
  return subscriptions.filter((s) => !subscriptionConnectorOn(config, s));
}

/** A rule that makes incidents from MDC alerts that can reach XDR (anything but Informational). */
function takesMdcAlertsInXdr(rule: IncidentRule): boolean {
  return (
    (rule.productFilter as string[]).includes(MDC_PRODUCT) &&
    (rule.severitiesFilter.length === 0 || rule.severitiesFilter.some((s) => s !== 'Informational'))
  );
}

function anyMdcConnector(config: WorkspaceConfig): boolean {
  return config.tenantConnector || config.subscriptionConnector.length > 0;
}

/** “it is highly recommended to use at least one of the MDC connectors in Sentinel” */
const advMdcConnectorWithXdr: AdviceLint = {
  id: 'ADV-MDC-CONNECTOR-WITH-XDR',
  kind: 'advice',
  lint(config, subscriptions) {
    if (!config.xdrConnector || config.xdrMdcSetting !== 'All alerts' || config.tenantConnector) return [];
    const uncovered = uncoveredSubscriptions(config, subscriptions);
    if (config.subscriptionConnector.length > 0 && uncovered.length === 0) return [];
    const none = config.subscriptionConnector.length === 0;
    return [
      {
        id: 'ADV-MDC-CONNECTOR-WITH-XDR',
        message: none
          ? 'The Defender XDR connector is on and XDR processes MDC alerts, but no MDC connector is enabled: ' +
            'enable one, the tenant-based connector preferred.'
          : `The Defender XDR connector is on and XDR processes MDC alerts, but no MDC connector covers ` +
            `subscription(s) ${subscriptionList(uncovered)}: enable the tenant-based connector, or the ` +
            'subscription-based one on them.',
        consequence:
          `Incidents for MDC alerts${none ? '' : ` of ${subscriptionList(uncovered)}`} arrive through the XDR ` +
          'connector without an underlying alert: their AlertIds stay empty and no entities are in Sentinel ' +
          '(XDR-EMPTY-WITHOUT-MDC-CONNECTOR).',
      },
    ];
  },
};

/** “results in the creation of duplicated incidents derived from the forwarded alert” */
const advNoRuleWithXdr: AdviceLint = {
  id: 'ADV-NO-RULE-WITH-XDR',
  kind: 'advice',
  lint(config) {
    if (!config.xdrConnector || config.xdrMdcSetting !== 'All alerts') return [];
    const forwarded = anyMdcConnector(config);
    // Informational alerts never reach Defender XDR (DOC-TEN-NO-INFORMATIONAL), so the XDR connector brings
    // no incident for them: where the subscription connector brings them and the rule takes them, turning
    // the rule off would leave them without one.
    const informationalArrive = config.subscriptionConnector.length > 0;
    return config.incidentRules.filter(takesMdcAlertsInXdr).map(
      (rule): AdviceFinding => ({
        id: 'ADV-NO-RULE-WITH-XDR',
        message:
          `Microsoft incident creation rule '${rule.name}' makes incidents from Defender for Cloud alerts ` +
          'while the Defender XDR connector brings them too: ' +
          (informationalArrive &&
          (rule.severitiesFilter.length === 0 || rule.severitiesFilter.includes('Informational'))
            ? "restrict it to Informational (severitiesFilter ['Informational']) rather than turn it off: " +
              'Informational alerts never reach Defender XDR, so the XDR connector brings no incident for them, ' +
              'and without the rule they would get none.'
            : 'turn the rule off.'),
        consequence:
          'Every MDC alert that reaches XDR and ' +
          (forwarded ? 'arrives through an MDC connector' : 'arrives once an MDC connector is enabled') +
          ` gets two incidents: one from the XDR connector ('Microsoft XDR') and one from '${rule.name}' ` +
          "('Azure Sentinel') (XDR-DUPLICATE-INCIDENTS).",
      }),
    );
  },
};

/** “If the tenant-based connector is in use, the XDR setting must be configured as ‘All alert’” */
const advAllAlertsForTenant: AdviceLint = {
  id: 'ADV-ALL-ALERTS-FOR-TENANT',
  kind: 'advice',
  lint(config) {
    if (!config.tenantConnector || config.xdrMdcSetting === 'All alerts') return [];
    return [
      {
        id: 'ADV-ALL-ALERTS-FOR-TENANT',
        message:
          `The tenant-based MDC connector is on, but Defender XDR's setting for Defender for Cloud alerts is ` +
          `'${config.xdrMdcSetting}': set it to 'All alerts'.`,
        consequence:
          'MDC alerts raised now do not reach Defender XDR, so the tenant-based connector forwards none of ' +
          'them (TEN-VIA-XDR)' +
          (config.xdrConnector
            ? ' and the XDR connector brings no incident for them (XDR-NO-ALERTS-NO-INCIDENTS)'
            : '') +
          '.',
      },
    ];
  },
};

/** “requires ensuring that every subscription is being monitored at all times” */
const advSubCoverage: AdviceLint = {
  id: 'ADV-SUB-COVERAGE',
  kind: 'advice',
  lint(config, subscriptions) {
    if (config.subscriptionConnector.length === 0) {
      // No MDC connector forwards anything (the tenant one off; with it on but silenced, and with only the
      // XDR connector at 'All alerts', the two lints above say so): every subscription's alerts are lost.
      if (config.tenantConnector || subscriptions.length === 0) return [];
      if (config.xdrConnector && config.xdrMdcSetting === 'All alerts') return [];
      return [
        {
          id: 'ADV-SUB-COVERAGE',
          message:
            'No MDC connector forwards Defender for Cloud alerts: the subscription-based connector is enabled ' +
            'on no subscription and the tenant-based one is off. Enable the subscription-based connector on ' +
            `every subscription (${subscriptionList(subscriptions)}), or the tenant-based connector with ` +
            "Defender XDR's setting at 'All alerts'.",
          consequence:
            `Alerts raised in ${subscriptionList(subscriptions)} never reach the SecurityAlert table, so no ` +
            'rule makes an incident for them (SUB-SCOPE)' +
            (config.xdrConnector
              ? ", and with XDR's setting at 'No alerts' the XDR connector brings none either (XDR-NO-ALERTS-NO-INCIDENTS)"
              : '') +
            '.',
        },
      ];
    }
    const uncovered = uncoveredSubscriptions(config, subscriptions);
    if (uncovered.length === 0) return [];
    const tenantRoute = config.tenantConnector && config.xdrMdcSetting === 'All alerts';
    return [
      {
        id: 'ADV-SUB-COVERAGE',
        message:
          `The subscription-based MDC connector is enabled on ${subscriptionList(config.subscriptionConnector.map((c) => c.subscription))} ` +
          `but not on ${subscriptionList(uncovered)}: enable it on every subscription, new ones included.`,
        consequence: tenantRoute
          ? `Alerts of ${subscriptionList(uncovered)} reach Sentinel only through the tenant-based connector: ` +
            'Informational ones never arrive, and bi-directional sync is not available for them (SUB-SCOPE).'
          : `Alerts raised in ${subscriptionList(uncovered)} never reach the SecurityAlert table, so no rule makes ` +
            'an incident for them (SUB-SCOPE).',
      },
    ];
  },
};

export const adviceBehaviours: Behaviour[] = [
  advMdcConnectorWithXdr,
  advNoRuleWithXdr,
  advAllAlertsForTenant,
  advSubCoverage,
];
