/**
 * Every behaviour's outcome on the edge cases (pinned/edges.json.gz, built by `PIN_SET=edges npx tsx
 * test/invariants/pinned/make.ts`): like pinned.test.ts, on other generated scenarios, with runs of the
 * mutant simulators edited too, one or two edits per case, and edits that put a time exactly at a bound from
 * another time of the observation (the time tolerance, a delay bound of model/assumptions.ts, a millisecond
 * or a second either side) or write it in another form (an offset, no zone, seven decimals, unreadable).
 * The bounds are where an off-by-one in an invariant shows. One test per behaviour, on its own cases.
 */
import { describePinnedOutcomes, type PinnedCases, pinnedCases, readPinned } from './pinned/cases.ts';

describePinnedOutcomes(
  'pinned outcomes at the edges',
  pinnedCases(readPinned<PinnedCases>('edges.json.gz'), 'edge case'),
  'edge case',
);
