/**
 * What happens in the world during a scenario, as a sequence of steps. Steps take no time except `wait`,
 * which advances the clock; every other step happens at the current clock. Incidents are named through
 * the alert they hold and the provider that created them, because incident numbers are the
 * implementation's to choose.
 */
import type { ConfigChange, Severity } from './config.ts';

/** MDC alert statuses (Defender for Cloud's own vocabulary). */
export const MDC_STATUSES = ['Active', 'InProgress', 'Resolved', 'Dismissed'] as const;
export type MdcStatus = (typeof MDC_STATUSES)[number];

export const INCIDENT_PROVIDERS = ['Azure Sentinel', 'Microsoft XDR'] as const;
/** Which incident a step means: the one created by the rule family, or the one the XDR connector brought. */
export type IncidentProviderRef = (typeof INCIDENT_PROVIDERS)[number];

export const CLASSIFICATIONS = ['Undetermined', 'TruePositive', 'BenignPositive', 'FalsePositive'] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];

export type Step =
  | { type: 'wait'; minutes: number }
  | {
      type: 'alert-raised';
      /** Short handle used in the timeline and reports, e.g. 'A1'. */
      alert: string;
      /** The GUID half of the MDC alert name `<reverseTicks>_<guid>`. */
      guid: string;
      subscription: string;
      severity: Severity;
      /** The MDC detection type, e.g. 'VM_SuspectExecutablePath'. */
      alertType: string;
    }
  | { type: 'mdc-status-changed'; alert: string; status: MdcStatus }
  | {
      type: 'sentinel-incident-closed';
      alert: string;
      provider: IncidentProviderRef;
      classification: Classification;
    }
  | { type: 'sentinel-incident-updated'; alert: string; provider: IncidentProviderRef; status: 'Active' }
  | { type: 'xdr-incident-closed'; alert: string }
  | { type: 'xdr-correlated'; alerts: string[] }
  | { type: 'subscription-added'; subscription: string }
  | { type: 'config-changed'; change: ConfigChange };

export type StepType = Step['type'];
export const STEP_TYPES: readonly StepType[] = [
  'wait',
  'alert-raised',
  'mdc-status-changed',
  'sentinel-incident-closed',
  'sentinel-incident-updated',
  'xdr-incident-closed',
  'xdr-correlated',
  'subscription-added',
  'config-changed',
];
