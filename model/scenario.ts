/**
 * A scenario: a workspace configuration, a timeline of steps, and a settle window after the last step in
 * which the connectors catch up. It is what an implementation is given; the schedule (delays, repeats,
 * anomalies) is not part of it: that is the implementation's own nondeterminism.
 */
import type { WorkspaceConfig } from './config.ts';
import type { Step } from './timeline.ts';

export const SCENARIO_VERSION = 1;

export interface Scenario {
  version: typeof SCENARIO_VERSION;
  /** The tenant's ID, used in Defender XDR links. */
  tenantId: string;
  /** ISO-8601 UTC time of the scenario's clock zero. */
  start: string;
  config: WorkspaceConfig;
  timeline: Step[];
  /** Minutes after the last step during which pending deliveries and syncs complete (ASSUME-SETTLE). */
  settleMinutes: number;
}
