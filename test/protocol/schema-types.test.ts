/**
 * The schemas and the hand-written interfaces describe the same types. These assertions are checked by
 * `tsc --noEmit` (the first half of `npm test`): a field added, removed, renamed, retyped or made optional
 * on one side only fails the build. expectTypeOf's toEqualTypeOf is a strict equality, not just mutual
 * assignability, so an optional field present on one side only is caught too.
 */
import { describe, expectTypeOf, it } from 'vitest';
import type { WorkspaceConfig } from '../../model/config.ts';
import type { Observation } from '../../model/observation.ts';
import type { ProfileName } from '../../model/profile.ts';
import type { Scenario } from '../../model/scenario.ts';
import type {
  ObservationFromSchema,
  ProfileNameFromSchema,
  RunRequest,
  ScenarioFromSchema,
} from '../../model/schema.ts';
import type { SecurityAlertRow, SecurityIncidentRow } from '../../model/tables.ts';
import type { Step } from '../../model/timeline.ts';

/** Mutual assignability, spelled out as the brief's definition of "cannot drift". */
type MutuallyAssignable<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

describe('schema types equal the model interfaces', () => {
  it('Scenario', () => {
    expectTypeOf<ScenarioFromSchema>().toEqualTypeOf<Scenario>();
    expectTypeOf<ScenarioFromSchema['timeline'][number]>().toEqualTypeOf<Step>();
    expectTypeOf<ScenarioFromSchema['config']>().toEqualTypeOf<WorkspaceConfig>();
    expectTypeOf<MutuallyAssignable<ScenarioFromSchema, Scenario>>().toEqualTypeOf<true>();
  });

  it('Observation', () => {
    expectTypeOf<ObservationFromSchema>().toEqualTypeOf<Observation>();
    expectTypeOf<ObservationFromSchema['SecurityAlert'][number]>().toEqualTypeOf<SecurityAlertRow>();
    expectTypeOf<ObservationFromSchema['SecurityIncident'][number]>().toEqualTypeOf<SecurityIncidentRow>();
    expectTypeOf<MutuallyAssignable<ObservationFromSchema, Observation>>().toEqualTypeOf<true>();
  });

  it('run request', () => {
    expectTypeOf<ProfileNameFromSchema>().toEqualTypeOf<ProfileName>();
    expectTypeOf<RunRequest['scenario']>().toEqualTypeOf<Scenario>();
  });
});
