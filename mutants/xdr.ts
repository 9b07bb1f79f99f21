/**
 * Mutants of Defender XDR's side: which MDC alerts it receives, which incidents the XDR connector brings
 * and what they list, how closures sync between Sentinel, XDR and MDC, and how correlation merges.
 */

import { DOCUMENTED } from '../model/reference/mutation.ts';
import { reachesXdr } from '../model/world.ts';
import { type Mutant, mutant } from './mutant.ts';

export const xdrSettingMutants: Mutant[] = [
  mutant({
    id: 'xdr-ignores-setting',
    targets: ['XDR-SETTING-NO-ALERTS'],
    description: 'Defender XDR receives every non-Informational MDC alert whatever its MDC setting.',
    mutation: { xdrReceives: ({ severity }) => severity !== 'Informational' },
  }),
  mutant({
    id: 'xdr-setting-read-at-start',
    targets: ['XDR-SETTING-NO-ALERTS'],
    description:
      "Defender XDR reads its MDC setting once, at the start: switching to 'No alerts' later does not stop it (shows only after a configuration change).",
    mutation: { xdrReceives: ({ initialConfig, severity }) => reachesXdr(initialConfig, severity) },
  }),
  mutant({
    id: 'xdr-needs-tenant-connector',
    targets: ['XDR-ALL-ALERTS-NO-TENANT'],
    description: "Defender XDR takes MDC alerts only while Sentinel's tenant connector is on.",
    mutation: { xdrReceives: (c) => DOCUMENTED.xdrReceives(c) && c.config.tenantConnector },
  }),
  mutant({
    id: 'xdr-receives-informational',
    targets: ['DOC-TEN-NO-INFORMATIONAL'],
    description: "Defender XDR receives Informational MDC alerts too under 'All alerts'.",
    mutation: { xdrReceives: ({ config }) => config.xdrMdcSetting === 'All alerts' },
  }),
  mutant({
    id: 'xdr-incident-ignores-setting',
    targets: ['XDR-NO-ALERTS-NO-INCIDENTS'],
    description:
      "With 'No alerts', Defender XDR still opens an incident for an MDC alert (only its alert feed obeys the setting), and the XDR connector brings it.",
    mutation: { xdrOpensIncident: ({ received, severity }) => received || severity !== 'Informational' },
  }),
];

export const xdrConnectorMutants: Mutant[] = [
  mutant({
    id: 'xdr-provider-id-is-number',
    targets: ['XDR-CREATES-INCIDENTS'],
    description:
      "XDR connector incidents carry the Sentinel incident number as ProviderIncidentId instead of Defender XDR's incident ID.",
    mutation: { xdrProviderIncidentId: ({ number }) => String(number) },
  }),
  mutant({
    id: 'xdr-connector-needs-mdc-connector',
    targets: ['XDR-ANY-MDC-CONNECTOR'],
    description: 'The XDR connector brings an XDR incident only when an MDC connector took its alert.',
    mutation: {
      xdrMirrors: ({ config, mdcConnectorTookRaise }) => config.xdrConnector && mdcConnectorTookRaise,
    },
  }),
  mutant({
    id: 'xdr-alert-ids-are-xdr-ids',
    targets: ['XDR-ALERT-FROM-MDC-CONNECTOR'],
    description:
      "XDR connector incidents list Defender XDR's alert IDs in AlertIds instead of the SystemAlertIds of the MDC connectors' rows.",
    mutation: {
      xdrAlertIds: ({ alerts }) => alerts.flatMap((a) => (a.hasRow ? [a.xdrAlertId ?? a.systemAlertId] : [])),
    },
  }),
  mutant({
    id: 'xdr-no-late-link',
    targets: ['XDR-ALERT-FROM-MDC-CONNECTOR'],
    description:
      'An XDR connector incident keeps the AlertIds it arrived with: an alert whose first row comes later is never linked (shows when the incident comes first: an MDC connector enabled late, or Q-INCIDENT-BEFORE-ALERT).',
    mutation: { linksLateRows: () => false },
    profiles: ['ideal', 'observed'],
  }),
  mutant({
    id: 'xdr-lists-alerts-without-rows',
    targets: ['XDR-EMPTY-WITHOUT-MDC-CONNECTOR'],
    description:
      "XDR connector incidents list every alert's SystemAlertId, whether or not an MDC connector brought a row of it.",
    mutation: { xdrAlertIds: ({ alerts }) => alerts.map((a) => a.systemAlertId) },
  }),
  mutant({
    id: 'xdr-close-not-to-mdc',
    targets: ['XDR-INCIDENT-SYNC'],
    description:
      'Closing an XDR connector incident in Sentinel resolves it in Defender XDR but not its MDC alerts.',
    mutation: { sentinelCloseResolves: () => [] },
  }),
  mutant({
    id: 'xdr-close-not-to-sentinel',
    targets: ['XDR-INCIDENT-SYNC'],
    description:
      'Closing an incident in Defender XDR does not close its Sentinel incident ("and vice versa" is missing).',
    mutation: { syncsXdrCloseToSentinel: () => false },
  }),
  mutant({
    id: 'merged-close-resolves-own-alert',
    targets: ['XDR-INCIDENT-SYNC'],
    description:
      'Closing a merged XDR connector incident in Sentinel resolves only the MDC alert the incident was created for, not the alerts correlation moved into it.',
    mutation: { sentinelCloseResolves: ({ held }) => held.slice(0, 1) },
    profiles: ['ideal', 'observed'],
  }),
];

export const correlationMutants: Mutant[] = [
  mutant({
    id: 'redirected-stays-open',
    targets: ['XDR-REDIRECT'],
    description:
      "Incidents Defender XDR redirects in a merge stay open in Sentinel, with no Closed row and no 'Redirected' label.",
    mutation: { redirectsInSentinel: () => false },
    profiles: ['ideal', 'observed'],
  }),
  mutant({
    id: 'merge-always-new-incident',
    targets: ['DOC-MERGE-TARGET'],
    description:
      "Correlation always moves the alerts into a new incident (the article's variant), even where Microsoft's documented variant applies.",
    mutation: { mergeVariant: () => 'new-incident' },
  }),
  mutant({
    id: 'merge-takes-closed',
    targets: ['DOC-NO-MERGE-CLOSED'],
    description: 'Correlation also takes resolved incidents and redirects them into the holder.',
    mutation: { correlatesClosed: () => true },
    profiles: ['ideal', 'observed'],
  }),
];
