/**
 * Properties of the area 'Defender XDR correlation': every behaviour below holds on the reference simulator
 * in both profiles; and the family judges by identity, so two things the article leaves open change none
 * of its verdicts on the reference's observations:
 * - XDR latency: each XDR incident created later than the reference creates it (minutes after its alert
 *   was ingested), as long as it still comes before whatever happens to it next (a status change, its
 *   Sentinel incident, the next correlation step) and before XDR ingested any alert it was clear of (an
 *   incident created after an alert's ingestion may have been created for it: that is new information,
 *   not a later instant);
 * - XDR's incident ID format: every XDR incident ID renamed, consistently wherever it appears.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TIME_TOLERANCE_MS } from '../model/assumptions.ts';
import { contextFor, evaluateOne, runVerdict } from '../model/evaluate.ts';
import { behaviourById } from '../model/invariants/index.ts';
import { namesAlert } from '../model/invariants/support-incidents.ts';
import type { Observation } from '../model/observation.ts';
import { IDEAL, OBSERVED } from '../model/profile.ts';
import { simulate } from '../model/reference/simulator.ts';
import type { Scenario } from '../model/scenario.ts';
import { isXdrProvider } from '../model/tables.ts';
import { iso, parseTime } from '../model/time.ts';
import { interpret } from '../model/world.ts';
import { caseArb } from './arbitraries.ts';
import { CHECKING } from './settings.ts';
import { checkArea } from './support.ts';

const IDS = ['XDR-REDIRECT', 'DOC-NO-MERGE-CLOSED', 'DOC-MERGE-TARGET'] as const;

checkArea('Defender XDR correlation', IDS);

/**
 * The observation with each XDR incident created `share` of the way from its creation to just before the
 * first of: its next status change, its Sentinel incident's first row, the next correlation step, XDR's
 * ingestion (else the raise) of an alert it was created more than the tolerance before. The last keeps
 * which alerts it may have been created for unchanged (ASSUME-XDR-ONE-INCIDENT-PER-ALERT): moving it past
 * an ingestion would make it a possible incident of that alert too, which is what the reference's own
 * ingestion delays (ASSUME-XDR-INGEST-DELAY) now place within minutes of creations.
 */
function withXdrLatency(scenario: Scenario, observation: Observation, share: number): Observation {
  const facts = interpret(scenario);
  const steps = facts.steps.filter((s) => s.step.type === 'xdr-correlated');
  const ingested = facts.alerts.map((alert) => {
    const arrival = observation.xdr.alerts.find((a) => namesAlert(a.name, alert));
    return arrival === undefined ? alert.raisedAt : parseTime(arrival.time);
  });
  const incidents = observation.xdr.incidents.map((x) => {
    const created = parseTime(x.createdTime);
    let bound = Number.POSITIVE_INFINITY;
    for (const entry of x.statusHistory.slice(1)) bound = Math.min(bound, parseTime(entry.time));
    for (const row of observation.SecurityIncident) {
      if (isXdrProvider(row.ProviderName) && row.ProviderIncidentId === x.id)
        bound = Math.min(bound, parseTime(row.LastModifiedTime), parseTime(row.CreatedTime));
    }
    for (const step of steps) if (step.at > created) bound = Math.min(bound, step.at);
    for (const at of ingested) if (at > created + TIME_TOLERANCE_MS) bound = Math.min(bound, at);
    const room = Number.isFinite(bound) ? bound - created - 2 * TIME_TOLERANCE_MS : 30 * 60_000;
    if (room <= 0) return x;
    const later = iso(created + Math.floor(room * share));
    const [first, ...rest] = x.statusHistory;
    const history =
      first && parseTime(first.time) === created ? [{ ...first, time: later }, ...rest] : x.statusHistory;
    return { ...x, createdTime: later, statusHistory: history };
  });
  return { ...observation, xdr: { ...observation.xdr, incidents } };
}

/** The observation with every XDR incident ID renamed (XDR's state, redirects, ProviderIncidentId). */
function withOtherXdrIds(observation: Observation): Observation {
  const rename = (id: string) => `inc-${id.split('').reverse().join('')}-x`;
  return {
    ...observation,
    SecurityIncident: observation.SecurityIncident.map((row) =>
      isXdrProvider(row.ProviderName) ? { ...row, ProviderIncidentId: rename(row.ProviderIncidentId) } : row,
    ),
    xdr: {
      ...observation.xdr,
      incidents: observation.xdr.incidents.map((x) => ({
        ...x,
        id: rename(x.id),
        ...(x.redirectIncidentId === undefined ? {} : { redirectIncidentId: rename(x.redirectIncidentId) }),
      })),
    },
  };
}

/** Each behaviour's status and number of situations judged. */
function verdicts(scenario: Scenario, observation: Observation, profile: typeof IDEAL): string[] {
  const context = contextFor(scenario, observation, profile);
  return IDS.map((id) => {
    const verdict = runVerdict(evaluateOne(behaviourById(id), context));
    return `${id} ${verdict.status}${verdict.status === 'holds' ? ` ${verdict.situations}` : ''}`;
  });
}

describe('Defender XDR correlation, judged by identity', () => {
  for (const profile of [IDEAL, OBSERVED]) {
    it(`should give the same verdicts when XDR creates its incidents later (${profile.name} profile)`, () => {
      fc.assert(
        fc.property(caseArb, fc.double({ min: 0, max: 1, noNaN: true }), (input, share) => {
          const observation = simulate(input.scenario, input.schedule, profile);
          const late = withXdrLatency(input.scenario, observation, share);
          expect(verdicts(input.scenario, late, profile)).toEqual(
            verdicts(input.scenario, observation, profile),
          );
        }),
        { seed: CHECKING.seed, numRuns: CHECKING.propertyRuns },
      );
    });

    it(`should give the same verdicts whatever XDR's incident IDs look like (${profile.name} profile)`, () => {
      fc.assert(
        fc.property(caseArb, (input) => {
          const observation = simulate(input.scenario, input.schedule, profile);
          const renamed = withOtherXdrIds(observation);
          expect(verdicts(input.scenario, renamed, profile)).toEqual(
            verdicts(input.scenario, observation, profile),
          );
        }),
        { seed: CHECKING.seed, numRuns: CHECKING.propertyRuns },
      );
    });
  }
});
