/**
 * Mutants of Microsoft incident creation rules: which rows they act on, how they deduplicate, and what the
 * incident they make says.
 */
import type { IncidentRule } from '../model/config.ts';
import { DOCUMENTED } from '../model/reference/mutation.ts';
import { type Mutant, mutant } from './mutant.ts';

/** The built-in rule a simulator might assume when the workspace configures none. */
const DEFAULT_MDC_RULE: IncidentRule = {
  name: 'default-mdc-rule',
  productFilter: ['Azure Security Center'],
  severitiesFilter: [],
};

export const ruleMutants: Mutant[] = [
  mutant({
    id: 'rule-default-when-none',
    targets: ['RULE-REQUIRED'],
    description:
      'With no incident creation rule configured, a built-in default rule for Defender for Cloud creates incidents.',
    mutation: {
      matchingRules: (c) =>
        c.config.incidentRules.length === 0 ? [DEFAULT_MDC_RULE] : DOCUMENTED.matchingRules(c),
    },
  }),
  mutant({
    id: 'rules-read-at-raise',
    targets: ['RULE-REQUIRED', 'RULE-ONE-INCIDENT'],
    description:
      "Rules are read from the configuration at the alert's raise, so a rule removed before the alert's rows arrive still makes incidents and one added after the raise makes none (shows only after a configuration change).",
    mutation: { matchingRules: (c) => DOCUMENTED.matchingRules({ ...c, config: c.configAtRaise }) },
  }),
  mutant({
    id: 'rule-ignores-product',
    targets: ['RULE-PRODUCT-FILTER'],
    description: 'A rule matches on severity only and ignores its product filter.',
    mutation: {
      matchingRules: ({ config, alert }) =>
        config.incidentRules.filter(
          (rule) => rule.severitiesFilter.length === 0 || rule.severitiesFilter.includes(alert.severity),
        ),
    },
  }),
  mutant({
    id: 'rule-incident-per-row',
    targets: ['RULE-ONE-INCIDENT'],
    description: 'The rule makes an incident per SecurityAlert row instead of per alert (SystemAlertId).',
    mutation: { ruleIncidentKeys: ({ alert, rowIndex }) => [`${alert.handle}#${rowIndex}`] },
  }),
  mutant({
    id: 'rule-incident-per-connector',
    targets: ['RULE-ONE-INCIDENT'],
    description:
      "The rule deduplicates per (alert, connector), so each connector's first row makes its own incident: shows only with both connectors.",
    mutation: { ruleIncidentKeys: ({ alert, connector }) => [`${alert.handle}/${connector ?? '?'}`] },
  }),
  mutant({
    id: 'rule-incident-per-status',
    targets: ['RULE-ONE-INCIDENT'],
    description:
      'The rule deduplicates on (SystemAlertId, Status), so a row with a new status makes another incident.',
    mutation: { ruleIncidentKeys: ({ alert, row }) => [`${alert.handle}/${row.Status}`] },
  }),
  mutant({
    id: 'rule-incident-per-rule',
    targets: ['DOC-RULES-ONE-INCIDENT'],
    description: 'Each matching rule makes its own incident for the alert.',
    mutation: {
      ruleIncidentKeys: ({ alert, matching }) => matching.map((rule) => `${alert.handle}/${rule.name}`),
    },
  }),
  mutant({
    id: 'rule-created-at-raise',
    targets: ['RULE-FIRST-ARRIVAL'],
    description:
      "The rule incident's CreatedTime is the alert's raise (its StartTime) instead of when the rule made it from the first row.",
    mutation: { ruleIncidentCreatedAt: ({ alert }) => alert.raisedAt },
  }),
  mutant({
    id: 'rule-waits-for-subscription-row',
    targets: ['RULE-FIRST-ARRIVAL'],
    description:
      "The rule ignores a tenant-connector row when the subscription connector has the alert too, and makes the incident from the subscription connector's later row: shows only with both connectors, when the tenant connector delivers first.",
    mutation: {
      matchingRules: (c) =>
        c.connector === 'tenant' && c.subscriptionTookRaise ? [] : DOCUMENTED.matchingRules(c),
    },
  }),
  mutant({
    id: 'rule-ignores-tenant-rows',
    targets: ['RULE-ANY-CONNECTOR'],
    description:
      'The rule acts only on rows with the Azure-portal AlertLink, so rows of the tenant connector make no incident.',
    mutation: { matchingRules: (c) => (c.connector === 'tenant' ? [] : DOCUMENTED.matchingRules(c)) },
  }),
  mutant({
    id: 'rule-defers-to-xdr',
    targets: ['XDR-DUPLICATE-INCIDENTS'],
    description:
      'The rule skips alerts Defender XDR holds while the XDR connector is on (as if the XDR connector made their incident), so the documented duplicate never appears.',
    mutation: {
      matchingRules: (c) =>
        c.alert.xdrAlertId !== null && c.config.xdrConnector ? [] : DOCUMENTED.matchingRules(c),
    },
  }),
];
