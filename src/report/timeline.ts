/**
 * A counterexample told in domain words: the scenario's steps and the rows the implementation wrote,
 * merged on one clock ("09:02 A1 raised in sub-2; 09:03 SecurityAlert row 0 via subscription connector …").
 * Rows named by the witness are marked, so the reader sees what broke the behaviour.
 */
import { match } from 'ts-pattern';
import type { ConfigChange } from '../../model/config.ts';
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

/** A configuration change in words. */
function describeChange(change: ConfigChange): string {
  return match(change)
    .with(
      { kind: 'subscription-connector-enabled' },
      (c) =>
        `subscription connector enabled on ${c.subscription}${c.sync ? ' with bi-directional sync' : ''}`,
    )
    .with(
      { kind: 'subscription-connector-disabled' },
      (c) => `subscription connector disabled on ${c.subscription}`,
    )
    .with({ kind: 'tenant-connector' }, (c) => `tenant connector ${c.enabled ? 'enabled' : 'disabled'}`)
    .with({ kind: 'xdr-mdc-setting' }, (c) => `Defender XDR's MDC alert setting set to '${c.value}'`)
    .with({ kind: 'xdr-connector' }, (c) => `Defender XDR connector ${c.enabled ? 'enabled' : 'disabled'}`)
    .with(
      { kind: 'rule-added' },
      ({ rule }) => `incident creation rule ${rule.name} added (${rule.productFilter.join(', ')})`,
    )
    .with({ kind: 'rule-removed' }, (c) => `incident creation rule ${c.name} removed`)
    .exhaustive();
}

/** A timeline step in words; a new kind of step or change fails to compile until it has its words. */
export function describeStep(step: Step): string {
  return match(step)
    .with({ type: 'wait' }, (s) => `${s.minutes} min pass`)
    .with(
      { type: 'alert-raised' },
      (s) => `alert ${s.alert} raised in ${s.subscription} (${s.severity}, ${s.alertType})`,
    )
    .with({ type: 'mdc-status-changed' }, (s) => `in Defender for Cloud, ${s.alert} set to ${s.status}`)
    .with(
      { type: 'sentinel-incident-closed' },
      (s) => `in Sentinel, the ${s.provider} incident of ${s.alert} closed (${s.classification})`,
    )
    .with(
      { type: 'sentinel-incident-updated' },
      (s) => `in Sentinel, the ${s.provider} incident of ${s.alert} set to ${s.status}`,
    )
    .with({ type: 'xdr-incident-closed' }, (s) => `in Defender XDR, the incident of ${s.alert} closed`)
    .with(
      { type: 'xdr-correlated' },
      (s) => `Defender XDR correlates the incidents of ${s.alerts.join(', ')}`,
    )
    .with({ type: 'subscription-added' }, (s) => `subscription ${s.subscription} created`)
    .with({ type: 'config-changed' }, (s) => describeChange(s.change))
    .exhaustive();
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
