/**
 * Microsoft incident creation rules, judged from the tables. A rule incident is a SecurityIncident whose
 * ProviderName is 'Azure Sentinel' and which holds the alert's SystemAlertId. A row "arrived while a
 * matching rule was on" when a rule in force at its TimeGenerated names its ProductName and severity
 * (ASSUME-RULE-LATE: earlier rows do not count). A rule added or removed within ASSUME-TIME-TOLERANCE of
 * a row leaves that row undecided: it may have made the incident, and need not have. Only the scenario's
 * MDC alerts are judged; the XDR connector's incidents are the XDR family's.
 */
import { RULE_DELAY_MAX_MS } from '../assumptions.ts';
import type { Behaviour, MustInvariant } from '../invariant.ts';
import { connectorOfRow } from '../rows.ts';
import { parseTime } from '../time.ts';
import { conclude, type Violation, witness } from '../verdict.ts';
import type { ScenarioFacts } from '../world.ts';
import {
  type AlertView,
  alertViews,
  certainlyMatched,
  configsAround,
  describeIncident,
  describeRow,
  everHolds,
  type IncidentView,
  idOf,
  incidentRowIndices,
  incidentViews,
  isRuleIncident,
  isXdrIncident,
  possiblyMatched,
  quoteList,
  type RowReading,
  ruleIncidentsOf,
  severityOfRow,
  TOL,
  when,
} from './support-incidents.ts';

/** Whether the observation lasts long enough after the row for a rule to have acted on it. */
function ruleHadTime(facts: ScenarioFacts, reading: RowReading): boolean {
  return reading.entry.time + RULE_DELAY_MAX_MS + TOL <= facts.endMs;
}

/** A row that certainly arrived while a matching rule was on, early enough to be judged. */
function obligingRow(facts: ScenarioFacts, alert: AlertView): RowReading | undefined {
  return alert.rows.find((r) => certainlyMatched(r) && ruleHadTime(facts, r));
}

function rowIndices(readings: readonly RowReading[]): number[] {
  return readings.map((r) => r.entry.index);
}

function listIncidents(incidents: readonly IncidentView[]): string {
  return incidents.map((i) => `#${i.number} (created ${i.first.row.CreatedTime})`).join(', ');
}

/** “this connector only generates alerts in Sentinel, not incidents” */
const ruleRequired: MustInvariant = {
  id: 'RULE-REQUIRED',
  kind: 'must',
  check(context) {
    const incidents = incidentViews(context);
    const violations: Violation[] = [];
    let situations = 0;
    for (const alert of alertViews(context)) {
      if (alert.rows.length === 0 || alert.rows.some((r) => r.mostRules > 0)) continue;
      situations += 1;
      // The XDR connector's own incidents are outside this sentence ("and without the XDR connector").
      const found = incidents.filter((i) => !isXdrIncident(i) && everHolds(i, alert.ids));
      const first = found[0];
      if (first) {
        violations.push({
          message:
            `${alert.fact.alert}'s rows ${rowIndices(alert.rows).join(', ')} all arrived while no incident ` +
            `creation rule was on, yet ${describeIncident(first)} holds its SystemAlertId ${idOf(alert)}`,
          witness: witness({
            alertRows: rowIndices(alert.rows),
            incidentRows: incidentRowIndices(found),
            alerts: [alert.fact.alert],
          }),
        });
      }
    }
    return conclude(situations, violations);
  },
};

/** “define which security service you want to include, such as Microsoft Defender for Cloud in our case” */
const ruleProductFilter: MustInvariant = {
  id: 'RULE-PRODUCT-FILTER',
  kind: 'must',
  check(context) {
    const { facts } = context;
    const incidents = incidentViews(context);
    const violations: Violation[] = [];
    let situations = 0;
    for (const alert of alertViews(context)) {
      const underRules = alert.rows.find((r) => r.fewestRules > 0);
      if (!underRules || alert.rows.some(possiblyMatched)) continue;
      situations += 1;
      const found = incidents.filter((i) => isRuleIncident(i) && everHolds(i, alert.ids));
      const first = found[0];
      if (first) {
        const row = underRules.entry.row;
        const rules = (configsAround(facts, underRules.entry.time)[0]?.incidentRules ?? [])
          .map(
            (rule) =>
              `'${rule.name}' names ${quoteList(rule.productFilter)}` +
              (rule.severitiesFilter.length > 0 ? ` at ${quoteList(rule.severitiesFilter)}` : ''),
          )
          .join('; ');
        violations.push({
          message:
            `${alert.fact.alert} (ProductName '${row.ProductName}', severity ` +
            `${severityOfRow(row, alert.fact)}) matched no rule in force when its rows arrived (${rules}), ` +
            `yet ${describeIncident(first)} holds its SystemAlertId ${idOf(alert)}`,
          witness: witness({
            alertRows: rowIndices(alert.rows),
            incidentRows: incidentRowIndices(found),
            alerts: [alert.fact.alert],
          }),
        });
      }
    }
    return conclude(situations, violations);
  },
};

/** Whether several matching rules were certainly on at one of the alert's rows (DOC-RULES-ONE-INCIDENT's case). */
function severalMatchingRules(alert: AlertView): RowReading | undefined {
  return alert.rows.find((r) => r.fewestMatching >= 2);
}

/**
 * At most one rule incident per alert, and exactly one once a row certainly arrived under a matching rule.
 * `situation` picks the alerts of the sentence and says why, for the message (only written when needed).
 */
function oneIncident(id: string, situation: (alert: AlertView) => (() => string) | undefined): MustInvariant {
  return {
    id,
    kind: 'must',
    check(context) {
      const { facts } = context;
      const incidents = incidentViews(context);
      const violations: Violation[] = [];
      let situations = 0;
      for (const alert of alertViews(context)) {
        const why = situation(alert);
        if (why === undefined) continue;
        situations += 1;
        const found = ruleIncidentsOf(incidents, alert);
        const base = () => ({
          alertRows: rowIndices(alert.rows),
          incidentRows: incidentRowIndices(found),
          alerts: [alert.fact.alert],
        });
        if (found.length > 1) {
          violations.push({
            message:
              `${alert.fact.alert} ${why()}, but ${found.length} 'Azure Sentinel' incidents hold its ` +
              `SystemAlertId ${idOf(alert)}: ${listIncidents(found)}`,
            witness: witness(base()),
          });
          continue;
        }
        const obliging = found.length === 0 ? obligingRow(facts, alert) : undefined;
        if (obliging) {
          violations.push({
            message:
              `${alert.fact.alert} ${why()}; its ${describeRow(obliging)} arrived while matching rule(s) ` +
              `${quoteList(obliging.matchingNames)} were on, but no 'Azure Sentinel' incident holds its ` +
              `SystemAlertId ${idOf(alert)}`,
            witness: witness({ ...base(), alertRows: [obliging.entry.index] }),
          });
        }
      }
      return conclude(situations, violations);
    },
  };
}

/** “Regardless of the presence of duplicate alerts, the Incident creation rule will only create one incident.” */
const ruleOneIncident = oneIncident('RULE-ONE-INCIDENT', (alert) => {
  if (alert.rows.length < 2 || !alert.rows.some(possiblyMatched) || severalMatchingRules(alert)) {
    return undefined;
  }
  return () =>
    `has ${alert.rows.length} rows (${rowIndices(alert.rows).join(', ')}) under one matching rule at a time`;
});

/** “Even if an alert matches more than one Microsoft Security analytic rule, it creates just one incident” */
const docRulesOneIncident = oneIncident('DOC-RULES-ONE-INCIDENT', (alert) => {
  const row = severalMatchingRules(alert);
  if (!row) return undefined;
  return () =>
    `matched ${row.fewestMatching} rules at once (${quoteList(row.matchingNames)}) when its ${describeRow(row)} arrived`;
});

/**
 * The rows the rule may have created the incident from: every row that possibly arrived while a matching
 * rule was on, up to the first that certainly did.
 */
function creatingCandidates(alert: AlertView): RowReading[] {
  const candidates: RowReading[] = [];
  let certain: RowReading | undefined;
  for (const reading of alert.rows) {
    if (!possiblyMatched(reading)) continue;
    // Rows arriving within the tolerance of the first certain one may have been first.
    if (certain && reading.entry.time > certain.entry.time + TOL) break;
    candidates.push(reading);
    if (!certain && certainlyMatched(reading)) certain = reading;
  }
  return candidates;
}

/** “the newly created incident creation rule will pick up the initial alert and generate a new incident from it” */
const ruleFirstArrival: MustInvariant = {
  id: 'RULE-FIRST-ARRIVAL',
  kind: 'must',
  check(context) {
    const { facts } = context;
    const incidents = incidentViews(context);
    const violations: Violation[] = [];
    let situations = 0;
    for (const alert of alertViews(context)) {
      const candidates = creatingCandidates(alert);
      const first = candidates[0];
      if (!first) continue;
      const certain = candidates.find(certainlyMatched);
      const incident = ruleIncidentsOf(incidents, alert)[0];
      if (!incident && !(certain && ruleHadTime(facts, certain))) continue;
      situations += 1;
      const alerts = [alert.fact.alert];
      if (!incident) {
        violations.push({
          message:
            `${alert.fact.alert}'s first row under a matching rule, ${describeRow(certain ?? first)}, made no ` +
            `'Azure Sentinel' incident holding ${idOf(alert)}`,
          witness: witness({ alertRows: rowIndices(candidates), alerts }),
        });
        continue;
      }
      const created = parseTime(incident.first.row.CreatedTime);
      const base = () => ({
        alertRows: rowIndices(candidates),
        incidentRows: [incident.first.index],
        alerts,
      });
      const inTime = candidates.filter(
        (c) => created >= c.entry.time - TOL && created <= c.entry.time + RULE_DELAY_MAX_MS + TOL,
      );
      if (inTime.length === 0) {
        const timing =
          // Stryker disable next-line EqualityOperator: `first` is candidates[0], so an incident created exactly the tolerance before it is in `inTime` and never reaches this line; `<` and `<=` differ only there.
          Number.isFinite(created) && created < first.entry.time - TOL
            ? `before ${alert.fact.alert}'s first row under a matching rule (${describeRow(first)}) arrived`
            : `more than ${RULE_DELAY_MAX_MS / 60_000} minutes after ${alert.fact.alert}'s first row ` +
              `under a matching rule (${describeRow(first)})`;
        violations.push({
          message: `${describeIncident(incident)} was created at ${when(created)}, ${timing}`,
          witness: witness(base()),
        });
        continue;
      }
      const { Title, Severity } = incident.first.row;
      const source = inTime.find(
        (c) => c.entry.row.AlertName === Title && c.entry.row.AlertSeverity === Severity,
      );
      if (!source) {
        const row = inTime[0] ?? first;
        violations.push({
          message:
            `${describeIncident(incident)} has Title '${Title}' and Severity '${Severity}', not those of ` +
            `${alert.fact.alert}'s first row under a matching rule, ${describeRow(row)} ` +
            `(AlertName '${row.entry.row.AlertName}', AlertSeverity '${row.entry.row.AlertSeverity}')`,
          witness: witness(base()),
        });
      }
    }
    return conclude(situations, violations);
  },
};

/** “the same rule works for the subscription-based and the tenant-based connector” */
const ruleAnyConnector: MustInvariant = {
  id: 'RULE-ANY-CONNECTOR',
  kind: 'must',
  check(context) {
    const { facts } = context;
    const incidents = incidentViews(context);
    const violations: Violation[] = [];
    let situations = 0;
    for (const alert of alertViews(context)) {
      // The row the incident must come from: the first under a matching rule, and certainly so.
      const deciding = alert.rows.find(possiblyMatched);
      if (!deciding || !certainlyMatched(deciding) || !ruleHadTime(facts, deciding)) continue;
      const connector = connectorOfRow(deciding.entry.row);
      if (connector === null) continue;
      situations += 1;
      if (ruleIncidentsOf(incidents, alert).length === 0) {
        violations.push({
          message:
            `${alert.fact.alert}'s first row came through the ${connector} connector (${describeRow(deciding)}) ` +
            `while rule(s) ${quoteList(deciding.matchingNames)} were on, but no 'Azure Sentinel' incident ` +
            `holds its SystemAlertId ${idOf(alert)}`,
          witness: witness({ alertRows: [deciding.entry.index], alerts: [alert.fact.alert] }),
        });
      }
    }
    return conclude(situations, violations);
  },
};

export const incidentRuleBehaviours: Behaviour[] = [
  ruleRequired,
  ruleProductFilter,
  ruleOneIncident,
  ruleFirstArrival,
  ruleAnyConnector,
  docRulesOneIncident,
];
