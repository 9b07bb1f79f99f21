/**
 * Mutants the invariants do not catch yet: each is a real bug the suite should fail, kept out of the gated
 * catalogue (index.ts) until the invariant it slips past is strengthened. `gap` says what the invariant
 * misses, with the smallest scenario that shows it. `sentinel-conformance mutants --gaps` runs them and
 * reports them apart; once one is killed precisely, move it into the catalogue.
 */
import type { Mutant } from './mutant.ts';

export interface GapMutant extends Mutant {
  gap: string;
}

/**
 * None today. The last one, `merged-close-resolves-own-alert` (XDR-INCIDENT-SYNC never judged closing a merged
 * incident), joined the catalogue (xdr.ts) once XDR-INCIDENT-SYNC judged every alert a merged incident holds.
 */
export const GAP_MUTANTS: readonly GapMutant[] = [];
