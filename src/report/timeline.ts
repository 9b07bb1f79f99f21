/**
 * A counterexample told in domain words: the scenario's steps and the rows the implementation wrote,
 * merged on one clock ("09:02 A1 raised in sub-2; 09:03 SecurityAlert row 0 via subscription connector …").
 * Rows named by the witness are marked, so the reader sees what broke the behaviour.
 */
import type { Observation } from '../../model/observation.ts';
import { mdcGuidOfRow } from '../../model/rows.ts';
import type { Scenario } from '../../model/scenario.ts';
import { parseTime } from '../../model/time.ts';
import type { Step } from '../../model/timeline.ts';
import type { Witness } from '../../model/verdict.ts';
import { interpret } from '../../model/world.ts';

function clock(ms: number, startMs: number): string {
  if (!Number.isFinite(ms)) return '??:??';
  const d = new Date(ms);
  const hhmm = d.toISOString().slice(11, 16);
  const day = Math.floor((ms - startMs) / 86_400_000);
  return day > 0 ? `+${day}d ${hhmm}` : hhmm;
}

export function describeStep(step: Step): string {
  switch (step.type) {
    case 'wait':
      return `${step.minutes} min pass`;
    case 'alert-raised':
      return `alert ${step.alert} raised in ${step.subscription} (${step.severity}, ${step.alertType})`;
    case 'mdc-status-changed':
      return `in Defender for Cloud, ${step.alert} set to ${step.status}`;
    case 'sentinel-incident-closed':
      return `in Sentinel, the ${step.provider} incident of ${step.alert} closed (${step.classification})`;
    case 'sentinel-incident-updated':
      return `in Sentinel, the ${step.provider} incident of ${step.alert} set to ${step.status}`;
    case 'xdr-incident-closed':
      return `in Defender XDR, the incident of ${step.alert} closed`;
    case 'xdr-correlated':
      return `Defender XDR correlates the incidents of ${step.alerts.join(', ')}`;
    case 'subscription-added':
      return `subscription ${step.subscription} created`;
    case 'config-changed': {
      const c = step.change;
      switch (c.kind) {
        case 'subscription-connector-enabled':
          return `subscription connector enabled on ${c.subscription}${c.sync ? ' with bi-directional sync' : ''}`;
        case 'subscription-connector-disabled':
          return `subscription connector disabled on ${c.subscription}`;
        case 'tenant-connector':
          return `tenant connector ${c.enabled ? 'enabled' : 'disabled'}`;
        case 'xdr-mdc-setting':
          return `Defender XDR's MDC alert setting set to '${c.value}'`;
        case 'xdr-connector':
          return `Defender XDR connector ${c.enabled ? 'enabled' : 'disabled'}`;
        case 'rule-added':
          return `incident creation rule ${c.rule.name} added (${c.rule.productFilter.join(', ')})`;
        case 'rule-removed':
          return `incident creation rule ${c.name} removed`;
      }
    }
  }
}

/** The most lines a timeline shows; the counterexample file keeps every row. */
export const TIMELINE_MAX_LINES = 400;

interface Entry {
  at: number;
  order: number;
  text: string;
  marked: boolean;
}

/**
 * One line per step and row, in clock order; steps before rows at the same minute. An implementation that
 * writes thousands of rows gets a readable timeline: past TIMELINE_MAX_LINES, the steps and the witness's
 * rows are kept first, then the earliest other rows, and each run of rows left out is one line saying so.
 */
export function renderTimeline(scenario: Scenario, observation: Observation, witness?: Witness): string[] {
  const facts = interpret(scenario);
  const handleByGuid = new Map(facts.alerts.map((a) => [a.guid, a.alert]));
  const markedSteps = new Set(witness?.steps);
  const markedAlertRows = new Set(witness?.alertRows);
  const markedIncidentRows = new Set(witness?.incidentRows);
  const entries: Entry[] = [];
  const add = (at: number, order: number, text: string, marked: boolean) =>
    entries.push({ at, order, text: marked ? `${text} ◀` : text, marked });
  for (const s of facts.steps) {
    if (s.step.type === 'wait') continue;
    add(s.at, 0, describeStep(s.step), markedSteps.has(s.index));
  }
  observation.SecurityAlert.forEach((row, i) => {
    const guid = mdcGuidOfRow(row);
    const handle = (guid && handleByGuid.get(guid)) ?? row.SystemAlertId;
    const via = row._Connector ? ` via ${row._Connector} connector` : '';
    const text = `SecurityAlert row ${i}${via}: ${handle} ${row.Status} (SystemAlertId ${row.SystemAlertId})`;
    add(parseTime(row.TimeGenerated), 1, text, markedAlertRows.has(i));
  });
  observation.SecurityIncident.forEach((row, i) => {
    const labels = row.Labels.length ? ` labels ${row.Labels.map((l) => l.labelName).join(',')}` : '';
    const text = `SecurityIncident row ${i}: incident ${row.IncidentNumber} by ${row.ProviderName} ${row.Status}, AlertIds [${row.AlertIds.join(', ')}]${labels}`;
    add(parseTime(row.LastModifiedTime), 2, text, markedIncidentRows.has(i));
  });
  entries.sort((a, b) => a.at - b.at || a.order - b.order);
  const shown = shownEntries(entries);
  const lines: string[] = [];
  let left = 0;
  for (const e of entries) {
    if (!shown.has(e)) {
      left += 1;
      continue;
    }
    if (left > 0) lines.push(leftOut(left));
    left = 0;
    lines.push(`${clock(e.at, facts.startMs)} ${e.text}`);
  }
  if (left > 0) lines.push(leftOut(left));
  return lines;
}

function shownEntries(entries: readonly Entry[]): Set<Entry> {
  if (entries.length <= TIMELINE_MAX_LINES) return new Set(entries);
  const shown = new Set<Entry>();
  const tiers: ((e: Entry) => boolean)[] = [(e) => e.order === 0, (e) => e.marked, () => true];
  for (const tier of tiers) {
    for (const e of entries) {
      if (shown.size >= TIMELINE_MAX_LINES) return shown;
      if (tier(e)) shown.add(e);
    }
  }
  return shown;
}

function leftOut(count: number): string {
  return `      … ${count} more row${count === 1 ? '' : 's'} (the counterexample file has them all)`;
}
