/**
 * `sentinel-conformance/model`: the types an implementation works with (the scenario it is given, the
 * observation it returns, the workspace configuration, Microsoft's table rows) and their validators, for
 * writing a simulator in TypeScript against the suite.
 */
export type {
  ConfigChange,
  IncidentRule,
  RuleProduct,
  Severity,
  SubscriptionConnector,
  WorkspaceConfig,
  XdrMdcSetting,
} from '../../model/config.ts';
export { RULE_PRODUCTS, SEVERITIES } from '../../model/config.ts';
export type {
  MdcAlertState,
  Observation,
  XdrIncidentState,
  XdrIncidentStatus,
} from '../../model/observation.ts';
export type { MergeVariant, Profile, ProfileName, QuirkId } from '../../model/profile.ts';
export { IDEAL, OBSERVED, profileByName, QUIRK_IDS } from '../../model/profile.ts';
export type { Scenario } from '../../model/scenario.ts';
export { SCENARIO_VERSION } from '../../model/scenario.ts';
export {
  checkObservation,
  checkScenario,
  PROTOCOL_VERSION,
  ProtocolError,
  schemaDocuments,
  validateObservation,
  validateScenario,
} from '../../model/schema.ts';
export type { SecurityAlertRow, SecurityIncidentRow } from '../../model/tables.ts';
export type { Classification, MdcStatus, Step, StepType } from '../../model/timeline.ts';
export type { VerdictStatus, Witness } from '../../model/verdict.ts';
export { describeStep, renderTimeline } from '../report/timeline.ts';
