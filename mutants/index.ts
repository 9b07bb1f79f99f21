/**
 * The mutant catalogue: the reference simulator with one plausible bug each, at least one per must
 * behaviour of the spec. The kill matrix (src/mutation/kill-matrix.ts) runs the suite against each and
 * expects it to be caught by the behaviour it targets.
 */
import { alertMutants } from './alerts.ts';
import { bothConnectorsMutants, subscriptionMutants, tenantMutants } from './connectors.ts';
import { incidentTableMutants } from './incidents.ts';
import type { Mutant } from './mutant.ts';
import { ruleMutants } from './rules.ts';
import { correlationMutants, xdrConnectorMutants, xdrSettingMutants } from './xdr.ts';

export type { Mutant } from './mutant.ts';

export const MUTANTS: readonly Mutant[] = [
  ...alertMutants,
  ...subscriptionMutants,
  ...ruleMutants,
  ...tenantMutants,
  ...xdrSettingMutants,
  ...bothConnectorsMutants,
  ...xdrConnectorMutants,
  ...correlationMutants,
  ...incidentTableMutants,
];

const byId = new Map(MUTANTS.map((m) => [m.id, m]));

export function mutantById(id: string): Mutant | undefined {
  return byId.get(id);
}
