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

/** One line per step and row, in clock order; steps before rows at the same minute. */
export function renderTimeline(scenario: Scenario, observation: Observation, witness?: Witness): string[] {
  const facts = interpret(scenario);
  const handleByGuid = new Map(facts.alerts.map((a) => [a.guid, a.alert]));
  const entries: { at: number; order: number; text: string }[] = [];
  for (const s of facts.steps) {
    if (s.step.type === 'wait') continue;
    const mark = witness?.steps.includes(s.index) ? ' ◀' : '';
    entries.push({ at: s.at, order: 0, text: `${describeStep(s.step)}${mark}` });
  }
  observation.SecurityAlert.forEach((row, i) => {
    const guid = mdcGuidOfRow(row);
    const handle = (guid && handleByGuid.get(guid)) ?? row.SystemAlertId;
    const via = row._Connector ? ` via ${row._Connector} connector` : '';
    const mark = witness?.alertRows.includes(i) ? ' ◀' : '';
    entries.push({
      at: parseTime(row.TimeGenerated),
      order: 1,
      text: `SecurityAlert row ${i}${via}: ${handle} ${row.Status} (SystemAlertId ${row.SystemAlertId})${mark}`,
    });
  });
  observation.SecurityIncident.forEach((row, i) => {
    const labels = row.Labels.length ? ` labels ${row.Labels.map((l) => l.labelName).join(',')}` : '';
    const mark = witness?.incidentRows.includes(i) ? ' ◀' : '';
    entries.push({
      at: parseTime(row.LastModifiedTime),
      order: 2,
      text: `SecurityIncident row ${i}: incident ${row.IncidentNumber} by ${row.ProviderName} ${row.Status}, AlertIds [${row.AlertIds.join(', ')}]${labels}${mark}`,
    });
  });
  entries.sort((a, b) => a.at - b.at || a.order - b.order);
  return entries.map((e) => `${clock(e.at, facts.startMs)} ${e.text}`);
}
