/**
 * The registry: every behaviour of the catalogue, as the model encodes it, one module per family.
 */

import type { Behaviour } from '../invariant.ts';
import { behaviour } from '../spec/catalogue.ts';
import { adviceBehaviours } from './advice.ts';
import { alertTableBehaviours } from './alert-table.ts';
import { alertTimeBehaviours } from './alert-times.ts';
import { bothConnectorsBehaviours } from './both-connectors.ts';
import { incidentRuleBehaviours } from './incident-rules.ts';
import { incidentTableBehaviours } from './incident-table.ts';
import { quirkBehaviours } from './quirks.ts';
import { subscriptionConnectorBehaviours } from './subscription-connector.ts';
import { tenantConnectorBehaviours } from './tenant-connector.ts';
import { xdrConnectorBehaviours } from './xdr-connector.ts';
import { xdrCorrelationBehaviours } from './xdr-correlation.ts';
import { xdrSettingBehaviours } from './xdr-setting.ts';

export const BEHAVIOURS: readonly Behaviour[] = [
  ...alertTableBehaviours,
  ...subscriptionConnectorBehaviours,
  ...incidentRuleBehaviours,
  ...tenantConnectorBehaviours,
  ...xdrSettingBehaviours,
  ...bothConnectorsBehaviours,
  ...xdrConnectorBehaviours,
  ...xdrCorrelationBehaviours,
  ...quirkBehaviours,
  ...adviceBehaviours,
  ...incidentTableBehaviours,
  ...alertTimeBehaviours,
];

const byId = new Map(BEHAVIOURS.map((b) => [b.id, b]));

export function behaviourById(id: string): Behaviour {
  const found = byId.get(id);
  if (!found) throw new Error(`no behaviour encodes ${id}`);
  return found;
}

/** The catalogue entry of a behaviour, for its quote and line. */
export function citation(id: string) {
  return behaviour(id);
}
