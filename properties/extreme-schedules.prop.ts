/**
 * The reference conforms under the extreme schedules, not only the generator's mix: every bound at 0, every
 * bound at its maximum, each with ties in either order (ASSUME-TIES), under both profiles. Every must
 * behaviour holds or is not exercised; none is violated. The generator's own schedules (random between,
 * weighted to 0, the bound and ties) are checked by the other property files.
 */
import { BEHAVIOURS } from '../model/invariants/index.ts';
import { type Extreme, extremeCaseArb } from './arbitraries.ts';
import { checkArea } from './support.ts';

const MUST = BEHAVIOURS.filter((b) => b.kind === 'must').map((b) => b.id);
const RUNS = Number.parseInt(process.env.SC_EXTREME_RUNS ?? '', 10) || 300;

for (const extreme of ['zero', 'max'] as Extreme[]) {
  for (const reverseTies of [false, true]) {
    const label = `every bound at ${extreme === 'zero' ? '0' : 'its maximum'}${reverseTies ? ', ties reversed' : ''}`;
    checkArea(`Extreme schedules: ${label}`, MUST, undefined, {
      label,
      arb: extremeCaseArb(extreme, reverseTies),
      numRuns: RUNS,
    });
  }
}
