/**
 * The variant's seeded bugs as data: what each does and the one behaviour it is aimed at. The kill matrix
 * (src/mutation/variant-bugs.ts) runs each and expects that behaviour among the failures.
 */
import type { Bug } from './sim.ts';

export interface SeededBug {
  bug: Bug;
  /** The behaviour (catalogue ID) the bug breaks. */
  target: string;
  description: string;
  /** Profiles in which the bug shows (the kill matrix runs these). */
  profiles: ('ideal' | 'observed')[];
}

export const SEEDED_BUGS: readonly SeededBug[] = [
  {
    bug: 'redirect-label-merged',
    target: 'XDR-REDIRECT',
    description: "A redirected incident is closed with the label 'Merged' instead of XDR's 'Redirected' tag.",
    profiles: ['observed', 'ideal'],
  },
  {
    bug: 'merge-into-closed-target',
    target: 'DOC-NO-MERGE-CLOSED',
    description:
      'Correlation may pick a closed (resolved) incident as the one that takes the alerts, and empties other closed ones.',
    profiles: ['ideal', 'observed'],
  },
  {
    bug: 'tenant-row-at-close',
    target: 'TEN-NO-SYNC',
    description:
      'Closing the rule incident in Sentinel makes the tenant connector write a Resolved row for the alert, though MDC did not change.',
    profiles: ['ideal'],
  },
  {
    bug: 'sub-duplicate-rows',
    target: 'ALERT-STATUS-NEW-ROW',
    description: 'The subscription connector writes every row twice.',
    profiles: ['ideal'],
  },
  {
    bug: 'sync-read-at-incident-creation',
    target: 'SUB-SYNC-INCIDENT-TO-MDC',
    description:
      'Bi-directional sync is off for a rule incident created from a tenant row before the subscription connector was enabled on its subscription, even when the connector has sync on at the close.',
    profiles: ['ideal'],
  },
  {
    bug: 'incident-number-on-close',
    target: 'DOC-INCIDENT-APPEND-ONLY',
    description: "An incident's Closed row carries a different IncidentNumber (its number + 1000).",
    profiles: ['ideal'],
  },
  {
    bug: 'alert-id-per-minute',
    target: 'ALERT-ID-STABLE',
    description:
      'The SystemAlertId is derived from the subscription and the minute of the raise, so alerts raised together share one.',
    profiles: ['ideal'],
  },
  {
    bug: 'processing-end-late',
    target: 'DOC-TIME-ORDER',
    description: "A row's ProcessingEndTime is one minute after its TimeGenerated.",
    profiles: ['ideal'],
  },
  {
    bug: 'ticks-from-unix-epoch',
    target: 'DOC-MDC-NAME-ENCODES-START',
    description: "The MDC alert name's reverse ticks count from 1970 instead of year 1.",
    profiles: ['ideal'],
  },
  {
    bug: 'rule-product-prefix',
    target: 'RULE-PRODUCT-FILTER',
    description:
      "A rule's product filter matches by prefix, so a rule for 'Azure Security Center for IoT' takes Defender for Cloud alerts.",
    profiles: ['ideal'],
  },
  {
    bug: 'sentinel-close-xdr-inprogress',
    target: 'XDR-INCIDENT-SYNC',
    description:
      'Closing an XDR incident in Sentinel sets it inProgress in Defender XDR instead of resolved (its MDC alerts are still resolved).',
    profiles: ['ideal'],
  },
  {
    bug: 'xdr-incident-as-sentinel',
    target: 'XDR-CREATES-INCIDENTS',
    description: "Incidents the XDR connector brings carry ProviderName 'Azure Sentinel'.",
    profiles: ['ideal'],
  },
];
