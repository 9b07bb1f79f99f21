/**
 * Every behaviour's outcome on the pinned cases (pinned/cases.json.gz, built by pinned/make.ts): reference
 * runs of generated scenarios under both profiles, runs of the mutant simulators, and reference runs with one
 * edit (a row dropped, repeated or reordered, a field given another row's value, a time shifted). Each case
 * is there because it showed some behaviour an outcome (verdict, situation count, message, witness, undecided
 * reason, quirk occurrence, typical sample, advice finding) that no earlier case showed. The pins are the
 * outcomes as judged when the file was built; a change to an invariant that changes any of them fails here,
 * naming the behaviour and the case, and is either a bug or a change to review and re-pin (run make.ts).
 * One test per behaviour, each judging the cases that showed it something new, on contexts of their own.
 */
import { describe, expect, it } from 'vitest';
import type { WorkspaceConfig } from '../../model/config.ts';
import type { AdviceFinding } from '../../model/invariant.ts';
import { BEHAVIOURS } from '../../model/invariants/index.ts';
import { describePinnedOutcomes, type PinnedCases, pinnedCases, readPinned } from './pinned/cases.ts';

interface PinnedFile extends PinnedCases {
  advice: {
    config: WorkspaceConfig;
    subscriptions: string[];
    findings: Record<string, AdviceFinding[]>;
  }[];
}

const pinned = readPinned<PinnedFile>('cases.json.gz');

describePinnedOutcomes('pinned outcomes', pinnedCases(pinned, 'case'), 'case');

describe('pinned advice', () => {
  for (const b of BEHAVIOURS) {
    if (b.kind !== 'advice') continue;
    it(`should give ${b.id} its pinned findings on every configuration of the pinned space`, () => {
      expect(pinned.advice.length).toBeGreaterThan(500);
      for (const [i, { config, subscriptions, findings }] of pinned.advice.entries())
        expect(b.lint(config, subscriptions), `configuration ${i}: ${JSON.stringify(config)}`).toEqual(
          findings[b.id],
        );
    });
  }
});
