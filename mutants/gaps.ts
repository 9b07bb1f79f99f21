/**
 * Mutants the invariants do not catch yet: each is a real bug the suite should fail, kept out of the gated
 * catalogue (index.ts) until the invariant it slips past is strengthened. `gap` says what the invariant
 * misses, with the smallest scenario that shows it. `sentinel-conformance mutants --gaps` runs them and
 * reports them apart; once one is killed precisely, move it into the catalogue.
 */
import { type Mutant, mutant } from './mutant.ts';

export interface GapMutant extends Mutant {
  gap: string;
}

export const GAP_MUTANTS: readonly GapMutant[] = [
  {
    ...mutant({
      id: 'merged-close-resolves-own-alert',
      targets: ['XDR-INCIDENT-SYNC'],
      description:
        'Closing a merged XDR connector incident in Sentinel resolves only the MDC alert the incident was created for, not the alerts correlation moved into it.',
      mutation: { sentinelCloseResolves: ({ held }) => held.slice(0, 1) },
      profiles: ['ideal', 'observed'],
    }),
    gap:
      'XDR-INCIDENT-SYNC leaves out every alert an xdr-correlated step names, and the correlation family judges no ' +
      'sync, so closing a merged incident is never judged: config XDR connector and subscription connector on ' +
      "sub-1, 'All alerts'; timeline A1 raised, A2 raised, 15 min, XDR correlates A1, A2, 10 min, the Microsoft XDR " +
      'incident of A1 closed in Sentinel: MDC resolves A1 but A2 stays Active, and XDR-INCIDENT-SYNC is ' +
      'not-exercised. The closed incident is known at the step (the holder), so its alerts then can be judged.',
  },
];
