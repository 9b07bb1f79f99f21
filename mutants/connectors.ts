/**
 * Mutants of the two MDC connectors: which alerts and events each takes, what its rows link to, whether it
 * makes incidents, and how bi-directional sync carries a rule incident's changes back to MDC.
 */
import { subscriptionConnectorOn } from '../model/config.ts';
import { mdcPortalLink, xdrAlertLink } from '../model/links.ts';
import { RESOURCE_GROUP } from '../model/reference/ids.ts';
import { DOCUMENTED, type RuleContext } from '../model/reference/mutation.ts';
import { type Mutant, mutant } from './mutant.ts';

/** A rule no workspace configured: what a connector that makes incidents itself behaves like. */
const CONNECTOR_AS_RULE = {
  name: 'connector-made-incident',
  productFilter: ['Azure Security Center' as const],
  severitiesFilter: [],
};

function connectorMakesIncidents(connector: 'subscription' | 'tenant') {
  return (context: RuleContext) => {
    const matching = DOCUMENTED.matchingRules(context);
    return matching.length > 0 || context.connector !== connector ? matching : [CONNECTOR_AS_RULE];
  };
}

export const subscriptionMutants: Mutant[] = [
  mutant({
    id: 'sub-any-subscription',
    targets: ['SUB-SCOPE'],
    description:
      'The subscription connector forwards alerts of every subscription once it is enabled on any one of them.',
    mutation: { subscriptionTakes: ({ config }) => config.subscriptionConnector.length > 0 },
  }),
  mutant({
    id: 'sub-new-subscription-inherits',
    targets: ['SUB-SCOPE'],
    description:
      'A subscription created during the timeline is covered by the subscription connector as soon as it is enabled on some subscription (new subscriptions inherit it).',
    mutation: {
      subscriptionTakes: (c) =>
        DOCUMENTED.subscriptionTakes(c) ||
        (!c.initialSubscriptions.includes(c.alert.subscription) && c.config.subscriptionConnector.length > 0),
    },
  }),
  mutant({
    id: 'sub-disable-ignored',
    targets: ['SUB-SCOPE'],
    description:
      "Disabling the subscription connector on a subscription does not stop it for alerts raised before: coverage is read at the alert's raise (shows only after a configuration change).",
    mutation: {
      subscriptionTakes: (c) =>
        DOCUMENTED.subscriptionTakes(c) ||
        subscriptionConnectorOn(c.configAtRaise, c.alert.subscription) !== undefined,
    },
  }),
  mutant({
    id: 'sub-skips-informational',
    targets: ['SUB-FORWARDS'],
    description:
      "The subscription connector applies Defender XDR's filter and drops Informational alerts, which it should forward.",
    mutation: {
      subscriptionTakes: (c) => DOCUMENTED.subscriptionTakes(c) && c.alert.severity !== 'Informational',
    },
  }),
  mutant({
    id: 'sub-connector-makes-incident',
    targets: ['SUB-NO-INCIDENT'],
    description:
      "The subscription connector makes an 'Azure Sentinel' incident for an alert it forwards when no rule does.",
    mutation: { matchingRules: connectorMakesIncidents('subscription') },
  }),
  mutant({
    id: 'sub-link-follows-alert',
    targets: ['SUB-LINK'],
    description:
      'Subscription-connector rows carry the Defender XDR link whenever the alert reached Defender XDR (the link is chosen by the alert, not by the connector).',
    mutation: {
      alertRow: (row, { alert, connector, tenantId }) =>
        connector === 'subscription' && alert.xdrAlertId !== null
          ? { ...row, AlertLink: xdrAlertLink(alert.xdrAlertId, tenantId) }
          : row,
    },
  }),
  mutant({
    id: 'mdc-close-closes-incident',
    targets: ['SUB-MDC-CHANGE-NOT-TO-INCIDENT'],
    description:
      'When the subscription connector forwards a Resolved or Dismissed status made in MDC, the rule incident is closed too.',
    mutation: {
      closesIncidentOnMdcChange: ({ connector, status }) =>
        connector === 'subscription' && (status === 'Resolved' || status === 'Dismissed'),
    },
  }),
  mutant({
    id: 'sync-ignores-updates',
    targets: ['SUB-SYNC-INCIDENT-TO-MDC'],
    description:
      'With bi-directional sync on, closing the rule incident reaches MDC but updating it (back to Active) does not.',
    mutation: { syncToMdc: (c) => (c.closing ? DOCUMENTED.syncToMdc(c) : null) },
  }),
  mutant({
    id: 'sync-closes-as-dismissed',
    targets: ['SUB-SYNC-INCIDENT-TO-MDC'],
    description:
      'With bi-directional sync on, closing the rule incident as FalsePositive or BenignPositive dismisses the MDC alert instead of resolving it.',
    mutation: {
      syncToMdc: (c) => {
        const status = DOCUMENTED.syncToMdc(c);
        const benign = c.classification === 'FalsePositive' || c.classification === 'BenignPositive';
        return status === 'Resolved' && benign ? 'Dismissed' : status;
      },
    },
  }),
  mutant({
    id: 'sync-with-sync-off',
    targets: ['SUB-NO-SYNC'],
    description:
      'Incident changes sync to MDC whenever the subscription connector is on, whether or not bi-directional sync is.',
    mutation: {
      syncToMdc: ({ config, alert, closing }) =>
        subscriptionConnectorOn(config, alert.subscription) ? (closing ? 'Resolved' : 'InProgress') : null,
    },
  }),
  mutant({
    id: 'sync-setting-read-at-raise',
    targets: ['SUB-NO-SYNC', 'SUB-SYNC-INCIDENT-TO-MDC'],
    description:
      "Bi-directional sync is read from the configuration at the alert's raise, so turning it off (or on) later is not honoured (shows only after a configuration change).",
    mutation: { syncToMdc: (c) => DOCUMENTED.syncToMdc({ ...c, config: c.configAtRaise }) },
  }),
];

export const tenantMutants: Mutant[] = [
  mutant({
    id: 'tenant-initial-subscriptions-only',
    targets: ['TEN-SCOPE'],
    description:
      'The tenant connector covers the subscriptions that existed when it was set up; subscriptions created later are not picked up.',
    mutation: {
      tenantTakes: (c) => DOCUMENTED.tenantTakes(c) && c.initialSubscriptions.includes(c.alert.subscription),
    },
  }),
  mutant({
    id: 'tenant-connector-makes-incident',
    targets: ['TEN-NO-INCIDENT'],
    description:
      "The tenant connector makes an 'Azure Sentinel' incident for an alert it forwards when no rule does.",
    mutation: { matchingRules: connectorMakesIncidents('tenant') },
  }),
  mutant({
    id: 'tenant-forwards-raise-only',
    targets: ['TEN-MIRRORS-MDC'],
    description:
      'The tenant connector forwards an alert once, at its raise; changes made in MDC afterwards are not mirrored.',
    mutation: { tenantTakes: (c) => DOCUMENTED.tenantTakes(c) && c.raise },
  }),
  mutant({
    id: 'tenant-syncs-to-mdc',
    targets: ['TEN-NO-SYNC'],
    description:
      'Bi-directional sync is applied to the tenant connector too: changing the rule incident of an alert it covers reaches MDC.',
    mutation: {
      syncToMdc: (c) =>
        DOCUMENTED.syncToMdc(c) ?? (c.tenantCovers ? (c.closing ? 'Resolved' : 'InProgress') : null),
    },
  }),
  mutant({
    id: 'tenant-ignores-xdr-setting',
    targets: ['TEN-VIA-XDR'],
    description:
      "The tenant connector reads alerts from MDC directly and forwards them whatever Defender XDR's MDC setting ('No alerts' included).",
    mutation: {
      tenantTakes: ({ config, alert }) => config.tenantConnector && alert.severity !== 'Informational',
    },
  }),
  mutant({
    id: 'tenant-forwards-informational',
    targets: ['DOC-TEN-NO-INFORMATIONAL'],
    description:
      "The tenant connector forwards Informational alerts under 'All alerts', though Defender XDR never receives them.",
    mutation: {
      tenantTakes: (c) =>
        DOCUMENTED.tenantTakes(c) || (c.config.tenantConnector && c.config.xdrMdcSetting === 'All alerts'),
    },
  }),
  mutant({
    id: 'tenant-portal-link',
    targets: ['TEN-LINK'],
    description:
      'Tenant-connector rows carry the Azure-portal (Defender for Cloud) link instead of a Defender XDR link.',
    mutation: {
      alertRow: (row, { alert, connector }) =>
        connector === 'tenant'
          ? { ...row, AlertLink: mdcPortalLink(alert.name, alert.subscription, RESOURCE_GROUP) }
          : row,
    },
  }),
  mutant({
    id: 'delivers-status-at-event',
    targets: ['TEN-LATEST-STATUS'],
    description:
      "A connector writes the status the alert had when it took the event, not its status at delivery: the tenant connector's first row says New even when the incident was closed and synced before it delivered.",
    mutation: { deliveredStatus: ({ taken }) => taken },
  }),
  mutant({
    id: 'tenant-backfills-on-enable',
    targets: ['XDR-ALL-ALERTS-NO-TENANT'],
    description:
      'Switched on, the tenant connector forwards alerts Defender XDR received while it was off (shows only after a configuration change).',
    mutation: { tenantBackfills: ({ alert }) => alert.xdrAlertId !== null },
  }),
];

export const bothConnectorsMutants: Mutant[] = [
  mutant({
    id: 'tenant-skips-subscription-alerts',
    targets: ['BOTH-DUPLICATES'],
    description:
      'With both connectors on, the tenant connector skips alerts the subscription connector covers (deduplicating at the source).',
    mutation: { tenantTakes: (c) => DOCUMENTED.tenantTakes(c) && !c.subscriptionTakes },
  }),
  mutant({
    id: 'sync-off-when-tenant-covers',
    targets: ['BOTH-SYNC-APPLIES'],
    description:
      'Bi-directional sync is skipped when the tenant connector also covers the alert (the tenant connector is taken to own it, and it has no sync).',
    mutation: { syncToMdc: (c) => (c.tenantCovers ? null : DOCUMENTED.syncToMdc(c)) },
  }),
];
