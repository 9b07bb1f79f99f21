/**
 * SecurityIncident as an append-only log: each IncidentNumber is a sequence of rows that keeps its
 * IncidentName and CreatedTime, whose LastModifiedTime never goes back in append order, and where every
 * change a Sentinel step made (closing or updating an incident that was in Sentinel and open) is a new
 * row, never an earlier row rewritten. A step counts only when nothing else in the scenario could have
 * closed that incident before it (an earlier close in Sentinel or in XDR, a correlation), so an earlier
 * row that already shows the step's effect can only be an edited row. Times compare within
 * ASSUME-TIME-TOLERANCE.
 */
import type { Behaviour, CheckContext, MustInvariant } from '../invariant.ts';
import { parseTime } from '../time.ts';
import { conclude, type Violation, witness } from '../verdict.ts';
import type { ScenarioFacts } from '../world.ts';
import {
  type AlertView,
  alertViews,
  correlatedAlerts,
  describeIncident,
  type IncidentView,
  incidentRowIndices,
  incidentViews,
  ruleIncidentsOf,
  type StepOf,
  stepsOf,
  TOL,
  viewOf,
  when,
  xdrMirrorsOf,
} from './support-incidents.ts';

type SentinelStep = StepOf<'sentinel-incident-closed'> | StepOf<'sentinel-incident-updated'>;

/** A violation between an incident's first row and a later one. */
function againstFirst(first: IncidentView['first'], index: number, message: string): Violation {
  return { message, witness: witness({ incidentRows: [first.index, index] }) };
}

/** Every row of one incident keeps its identity, and LastModifiedTime does not go back. */
function identityViolations(incident: IncidentView, owners: ReadonlyMap<string, number>): Violation[] {
  const out: Violation[] = [];
  const first = incident.first;
  const created = parseTime(first.row.CreatedTime);
  // The creation itself is the first entry: a first row modified after CreatedTime means it was rewritten.
  if (!(Math.abs(first.time - created) <= TOL)) {
    out.push({
      message:
        `incident #${incident.number}'s first row ${first.index} has LastModifiedTime '${first.row.LastModifiedTime}' ` +
        `but CreatedTime '${first.row.CreatedTime}': the row of its creation was rewritten, not appended to`,
      witness: witness({ incidentRows: [first.index] }),
    });
  }
  let previous = first;
  for (const entry of incident.rows) {
    const { row } = entry;
    const owner = owners.get(row.IncidentName);
    if (owner !== undefined && owner !== incident.number) {
      out.push({
        message: `row ${entry.index} gives IncidentName '${row.IncidentName}' to incident #${incident.number}, but it is incident #${owner}'s`,
        witness: witness({ incidentRows: [entry.index] }),
      });
    }
    if (entry === first) continue;
    if (row.IncidentName !== first.row.IncidentName) {
      out.push(
        againstFirst(
          first,
          entry.index,
          `incident #${incident.number}'s row ${entry.index} has IncidentName '${row.IncidentName}', its first row ${first.index} '${first.row.IncidentName}'`,
        ),
      );
    }
    const rowCreated = parseTime(row.CreatedTime);
    if (!(Math.abs(rowCreated - created) <= TOL)) {
      out.push(
        againstFirst(
          first,
          entry.index,
          `incident #${incident.number}'s row ${entry.index} has CreatedTime '${row.CreatedTime}', its first row ${first.index} '${first.row.CreatedTime}'`,
        ),
      );
    }
    if (!(entry.time >= previous.time - TOL)) {
      out.push(
        againstFirst(
          first,
          entry.index,
          `incident #${incident.number}'s row ${entry.index} has LastModifiedTime '${row.LastModifiedTime}', ` +
            `before that of row ${previous.index} ('${previous.row.LastModifiedTime}') appended earlier`,
        ),
      );
    }
    previous = entry;
  }
  return out;
}

/** The incident a Sentinel step names, when exactly one fits. */
function namedIncident(
  step: SentinelStep,
  views: readonly AlertView[],
  incidents: readonly IncidentView[],
  context: CheckContext,
): IncidentView | undefined {
  const alert = viewOf(views, step.step.alert);
  if (!alert) return undefined;
  const found =
    step.step.provider === 'Azure Sentinel'
      ? ruleIncidentsOf(incidents, alert)
      : correlatedAlerts(context.facts).has(alert.fact.alert)
        ? []
        : xdrMirrorsOf(context, alert.fact).sentinel;
  return found.length === 1 ? found[0] : undefined;
}

/** Whether an earlier step may have closed the incident this step names. */
function mayBeClosedBefore(facts: ScenarioFacts, step: SentinelStep): boolean {
  const { alert, provider } = step.step;
  return facts.steps.some(
    (s) =>
      s.index < step.index &&
      ((s.step.type === 'sentinel-incident-closed' &&
        s.step.alert === alert &&
        s.step.provider === provider) ||
        (provider === 'Microsoft XDR' && s.step.type === 'xdr-incident-closed' && s.step.alert === alert)),
  );
}

function describeStepOn(incident: IncidentView, step: SentinelStep): string {
  const closing = step.step.type === 'sentinel-incident-closed';
  return `${describeIncident(incident)} was ${closing ? 'closed' : 'updated'} in Sentinel at ${when(step.at)} (step ${step.index})`;
}

/** Whether an incident row shows the effect of the step. */
function shows(step: SentinelStep, row: IncidentView['rows'][number]['row']): boolean {
  return step.step.type === 'sentinel-incident-closed'
    ? row.Status === 'Closed' && row.Classification === step.step.classification
    : row.Status === 'Active';
}

function updatedBefore(facts: ScenarioFacts, step: SentinelStep): boolean {
  const { alert, provider } = step.step;
  return facts.steps.some(
    (s) =>
      s.index < step.index &&
      s.step.type === 'sentinel-incident-updated' &&
      s.step.alert === alert &&
      s.step.provider === provider,
  );
}

/** “Every time you create or update an incident, a new log entry will be added” */
const docIncidentAppendOnly: MustInvariant = {
  id: 'DOC-INCIDENT-APPEND-ONLY',
  kind: 'must',
  check(context) {
    const { facts } = context;
    const incidents = incidentViews(context);
    const violations: Violation[] = [];
    let situations = 0;
    const owners = new Map<string, number>();
    for (const incident of incidents) {
      if (!owners.has(incident.first.row.IncidentName))
        owners.set(incident.first.row.IncidentName, incident.number);
    }
    for (const incident of incidents) {
      if (incident.rows.length >= 2) situations += 1;
      violations.push(...identityViolations(incident, owners));
    }
    const views = alertViews(context);
    const steps: SentinelStep[] = [
      ...stepsOf(facts, 'sentinel-incident-closed'),
      ...stepsOf(facts, 'sentinel-incident-updated'),
    ].sort((a, b) => a.index - b.index);
    for (const step of steps) {
      const incident = namedIncident(step, views, incidents, context);
      if (!incident || incident.since > step.at - TOL || mayBeClosedBefore(facts, step)) continue;
      situations += 1;
      const closing = step.step.type === 'sentinel-incident-closed';
      // The witness of a violation (built only when there is one).
      const base = () => ({
        incidentRows: incidentRowIndices([incident]),
        steps: [step.index],
        alerts: [step.step.alert],
      });
      const early = incident.rows.find(
        (r) =>
          r.time < step.at - TOL &&
          (closing ? r.row.Status === 'Closed' : r.row.Status === 'Active' && !updatedBefore(facts, step)),
      );
      if (early) {
        violations.push({
          message: `${describeStepOn(incident, step)}, yet its row ${early.index}, modified at ${early.row.LastModifiedTime}, already shows Status '${early.row.Status}': an earlier row was rewritten`,
          witness: witness({ ...base(), incidentRows: [early.index] }),
        });
      } else if (!incident.rows.some((r) => r.time >= step.at - TOL && shows(step, r.row))) {
        const effect = closing
          ? `Closed with Classification '${step.step.type === 'sentinel-incident-closed' ? step.step.classification : ''}'`
          : 'Active';
        violations.push({
          message: `${describeStepOn(incident, step)}, but no row appended from then on shows it ${effect}`,
          witness: witness(base()),
        });
      }
    }
    return conclude(situations, violations);
  },
};

export const incidentTableBehaviours: Behaviour[] = [docIncidentAppendOnly];
