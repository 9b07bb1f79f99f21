/**
 * What each behaviour's situation needs of a scenario, so that a run against a partial implementation
 * (docs/protocol.md, "Declaring a partial implementation") skips exactly the behaviours its declaration
 * makes impossible, and judges every other one. A behaviour needs all of its clauses; a clause is met when
 * the implementation declares all the parts of any one of its alternatives. A behaviour with no entry needs nothing beyond what
 * every implementation supports (waits, raised alerts, one value of Defender XDR's setting), and so is
 * always judged.
 *
 * Each need is read off the behaviour's situation in model/invariants (which steps it starts from, which
 * configuration it requires), and test/protocol/declared-needs.test.ts holds the table to it both ways:
 * without any part of a clause, the reference simulator never shows the situation; with only the listed
 * parts, it does.
 */
import type { ProfileName } from '../../model/profile.ts';
import type { ConfigChangeKind, ConfigPart } from '../../model/schema.ts';
import type { StepType } from '../../model/timeline.ts';
import type { Supported } from '../../properties/declared.ts';

export type Need = `step:${StepType}` | `config:${ConfigPart}` | `change:${ConfigChangeKind}`;
/** Met when every need of it is declared. */
export type Alternative = Need | readonly Need[];
/** Met when any one of its alternatives is met. */
export type Clause = Need | readonly Alternative[];

const SUB = 'config:subscription-connector';
const SYNC = 'config:sync';
const TENANT = 'config:tenant-connector';
const ALL_ALERTS = 'config:xdr-all-alerts';
const NO_ALERTS = 'config:xdr-no-alerts';
const XDR_CONNECTOR = 'config:xdr-connector';
const RULES = 'config:incident-rules';
const CLOSED = 'step:sentinel-incident-closed';
const UPDATED = 'step:sentinel-incident-updated';
const XDR_CLOSED = 'step:xdr-incident-closed';
/** A SecurityAlert row at all: through the subscription connector, or the tenant one with 'All alerts'. */
const ROWS: Clause = [SUB, [TENANT, ALL_ALERTS]];
/** A step on the Sentinel incident: closing or updating it. */
const INCIDENT_CHANGED: Clause = [CLOSED, UPDATED];
/**
 * An MDC alert changing status: a step in MDC, a rule incident changed in Sentinel with sync on, or an XDR
 * incident closed (in XDR, or in Sentinel through the XDR connector).
 */
const MDC_CHANGE: Clause = [
  'step:mdc-status-changed',
  [SUB, SYNC, RULES, CLOSED],
  [SUB, SYNC, RULES, UPDATED],
  [ALL_ALERTS, XDR_CLOSED],
  [ALL_ALERTS, XDR_CONNECTOR, CLOSED],
];

/** Behaviour ID → the clauses its situation needs. */
export const BEHAVIOUR_NEEDS: Readonly<Record<string, readonly Clause[]>> = {
  // Judged on SecurityAlert rows, whichever connector wrote them.
  'ALERT-APPEND-ONLY': [ROWS],
  'ALERT-ID-STABLE': [ROWS],
  'DOC-TIME-ORDER': [ROWS],
  'DOC-MDC-NAME-ENCODES-START': [ROWS],
  'Q-FUTURE-TIME': [ROWS],
  'RULE-REQUIRED': [ROWS],
  // A connector's second row of an alert: a status change it forwards, or the tenant connector's repeats
  // (every such row is matched to an MDC event, so the repeats are its situation too).
  'ALERT-STATUS-NEW-ROW': [ROWS, [[TENANT, ALL_ALERTS], ...(MDC_CHANGE as readonly Alternative[])]],
  // A status change a connector forwards.
  'TEN-LATEST-STATUS': [ROWS, MDC_CHANGE],
  // An incident that changes: a rule's changed in Sentinel, or the XDR connector's changed in Sentinel or in
  // XDR, or taking its alert when an MDC connector brings it.
  'DOC-INCIDENT-APPEND-ONLY': [
    [
      [SUB, RULES, CLOSED],
      [SUB, RULES, UPDATED],
      [TENANT, ALL_ALERTS, RULES, CLOSED],
      [TENANT, ALL_ALERTS, RULES, UPDATED],
      [ALL_ALERTS, XDR_CONNECTOR, CLOSED],
      [ALL_ALERTS, XDR_CONNECTOR, UPDATED],
      [ALL_ALERTS, XDR_CONNECTOR, XDR_CLOSED],
      [ALL_ALERTS, XDR_CONNECTOR, 'step:xdr-correlated'],
      [ALL_ALERTS, XDR_CONNECTOR, SUB],
      [ALL_ALERTS, XDR_CONNECTOR, TENANT],
    ],
  ],
  // The subscription-based connector.
  'SUB-FORWARDS': [SUB],
  'SUB-NO-INCIDENT': [SUB],
  'SUB-LINK': [SUB],
  // An mdc-status-changed step on an alert the connector covers, held by a rule's incident.
  'SUB-MDC-CHANGE-NOT-TO-INCIDENT': [SUB, RULES, 'step:mdc-status-changed'],
  // A step closing or updating a rule's incident, with sync on (or off) for the alert's subscription.
  'SUB-SYNC-INCIDENT-TO-MDC': [SUB, SYNC, RULES, INCIDENT_CHANGED],
  'SUB-NO-SYNC': [SUB, RULES, INCIDENT_CHANGED],
  // Incident creation rules, on rows of either connector.
  'RULE-PRODUCT-FILTER': [RULES, ROWS],
  // An alert with several rows: both connectors, the tenant connector's repeats, or a status change.
  'RULE-ONE-INCIDENT': [RULES, ROWS, [[TENANT, ALL_ALERTS], ...(MDC_CHANGE as readonly Alternative[])]],
  'RULE-FIRST-ARRIVAL': [RULES, ROWS],
  'RULE-ANY-CONNECTOR': [RULES, ROWS],
  'DOC-RULES-ONE-INCIDENT': [RULES, ROWS],
  // The tenant-based connector forwards only what reached Defender XDR: 'All alerts'.
  'TEN-SCOPE': [TENANT, ALL_ALERTS],
  'TEN-NO-INCIDENT': [TENANT, ALL_ALERTS],
  'TEN-MIRRORS-MDC': [TENANT, ALL_ALERTS, 'step:mdc-status-changed'],
  'TEN-NO-SYNC': [TENANT, ALL_ALERTS, RULES, INCIDENT_CHANGED],
  'TEN-LINK': [TENANT, ALL_ALERTS],
  'TEN-SLOWER': [SUB, TENANT, ALL_ALERTS],
  'Q-TENANT-REPEATS': [TENANT, ALL_ALERTS],
  // The tenant connector under 'No alerts'.
  'TEN-VIA-XDR': [TENANT, NO_ALERTS],
  'ADV-ALL-ALERTS-FOR-TENANT': [TENANT, NO_ALERTS],
  // Defender XDR's setting.
  'XDR-SETTING-NO-ALERTS': [NO_ALERTS],
  'XDR-ALL-ALERTS-NO-TENANT': [ALL_ALERTS],
  'DOC-TEN-NO-INFORMATIONAL': [ALL_ALERTS],
  // Both MDC connectors.
  'BOTH-DUPLICATES': [SUB, TENANT, ALL_ALERTS],
  'BOTH-SYNC-APPLIES': [SUB, SYNC, TENANT, ALL_ALERTS, RULES, CLOSED],
  // The Defender XDR connector, with MDC alerts reaching XDR (or not).
  'XDR-CREATES-INCIDENTS': [ALL_ALERTS, XDR_CONNECTOR],
  'XDR-ANY-MDC-CONNECTOR': [ALL_ALERTS, XDR_CONNECTOR],
  'XDR-ALERT-FROM-MDC-CONNECTOR': [ALL_ALERTS, XDR_CONNECTOR, [SUB, TENANT]],
  'XDR-EMPTY-WITHOUT-MDC-CONNECTOR': [ALL_ALERTS, XDR_CONNECTOR],
  'XDR-NO-ALERTS-NO-INCIDENTS': [NO_ALERTS, XDR_CONNECTOR],
  'XDR-DUPLICATE-INCIDENTS': [ALL_ALERTS, XDR_CONNECTOR, RULES, [SUB, TENANT]],
  'Q-INCIDENT-BEFORE-ALERT': [ALL_ALERTS, XDR_CONNECTOR, [SUB, TENANT]],
  'ADV-MDC-CONNECTOR-WITH-XDR': [ALL_ALERTS, XDR_CONNECTOR],
  'ADV-NO-RULE-WITH-XDR': [ALL_ALERTS, XDR_CONNECTOR, RULES],
  // Closing an XDR incident: in XDR, or in Sentinel through the XDR connector.
  'XDR-INCIDENT-SYNC': [ALL_ALERTS, [XDR_CLOSED, [CLOSED, XDR_CONNECTOR]]],
  // Correlation in Defender XDR; the redirect is what Sentinel shows of it.
  'XDR-REDIRECT': [ALL_ALERTS, XDR_CONNECTOR, 'step:xdr-correlated'],
  'DOC-MERGE-TARGET': [ALL_ALERTS, 'step:xdr-correlated'],
  // A resolved XDR incident when XDR correlates: closed in XDR, or in Sentinel through the XDR connector.
  'DOC-NO-MERGE-CLOSED': [ALL_ALERTS, 'step:xdr-correlated', [XDR_CLOSED, [CLOSED, XDR_CONNECTOR]]],
  // A quirk of the subscription connector.
  'Q-NON-UTC-STARTTIME': [SUB],
  // ADV-SUB-COVERAGE has no entry: besides a subscription the subscription connector leaves out, it finds a
  // configuration where no MDC connector forwards anything (none at all, say), which every declaration allows.
};

const PART_WORDS: Record<ConfigPart, string> = {
  'subscription-connector': 'the subscription-based connector',
  sync: 'bi-directional sync',
  'tenant-connector': 'the tenant-based connector',
  'xdr-all-alerts': "Defender XDR's setting 'All alerts'",
  'xdr-no-alerts': "Defender XDR's setting 'No alerts'",
  'xdr-connector': 'the Defender XDR connector',
  'incident-rules': 'incident creation rules',
};

/** A need in the words of the report: "the tenant-based connector", "the step 'xdr-correlated'". */
export function describeNeed(need: Need): string {
  const [kind, name] = need.split(/:(.*)/s) as [string, string];
  if (kind === 'config') return PART_WORDS[name as ConfigPart];
  if (kind === 'step') return `the step '${name}'`;
  return `the configuration change '${name}'`;
}

export function declares(supported: Supported, need: Need): boolean {
  const [kind, name] = need.split(/:(.*)/s) as [string, string];
  if (kind === 'config') return supported.config.has(name as ConfigPart);
  if (kind === 'step') return supported.steps.has(name as StepType);
  return supported.steps.has('config-changed') && supported.configChanges.has(name as ConfigChangeKind);
}

/** The alternatives of a clause, each as the list of needs it is met by. */
export function alternativesOf(clause: Clause): readonly (readonly Need[])[] {
  if (typeof clause === 'string') return [[clause]];
  return clause.map((alternative) => (typeof alternative === 'string' ? [alternative] : alternative));
}

function describeAlternative(needs: readonly Need[]): string {
  const words = needs.map(describeNeed);
  return words.length === 1 ? (words[0] as string) : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

/**
 * Why a behaviour is skipped under this declaration and profile: `unsupported: the implementation does not
 * declare …`, naming the first unmet clause; undefined when it is judged.
 */
export function unsupportedReason(
  id: string,
  supported: Supported,
  profile: ProfileName,
): string | undefined {
  if (!supported.profiles.has(profile))
    return `unsupported: the implementation does not declare the ${profile} profile`;
  for (const clause of BEHAVIOUR_NEEDS[id] ?? []) {
    const alternatives = alternativesOf(clause);
    if (alternatives.some((needs) => needs.every((need) => declares(supported, need)))) continue;
    const words = alternatives.map((needs) =>
      alternatives.length > 1 && needs.length > 1
        ? `(${describeAlternative(needs)})`
        : describeAlternative(needs),
    );
    return `unsupported: the implementation does not declare ${words.join(' or ')}`;
  }
  return undefined;
}
