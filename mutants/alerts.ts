/**
 * Mutants of the SecurityAlert table and its rows: how rows are appended, which SystemAlertId and times
 * they carry, and which MDC changes the connectors turn into rows.
 */

import { systemAlertIdOf } from '../model/reference/ids.ts';
import { DOCUMENTED } from '../model/reference/mutation.ts';
import { iso, mdcAlertName } from '../model/time.ts';
import { type Mutant, mutant } from './mutant.ts';

const CLOSING = new Set(['Resolved', 'Dismissed']);

export const alertMutants: Mutant[] = [
  mutant({
    id: 'alert-row-updated-in-place',
    targets: ['ALERT-APPEND-ONLY'],
    description:
      "When an alert's status changes, the connector updates the Status of its earlier row in place instead of appending a new row.",
    mutation: {
      appendsAlertRow: ({ row, prior }) => {
        if (!prior) return true;
        prior.Status = row.Status;
        return false;
      },
    },
  }),
  mutant({
    id: 'alert-id-from-detection-type',
    targets: ['ALERT-ID-STABLE'],
    description:
      "SystemAlertId is derived from the alert's detection type (AlertType) instead of the alert, so two alerts of one type share an ID.",
    mutation: { alertRow: (row) => ({ ...row, SystemAlertId: systemAlertIdOf(row.AlertType) }) },
  }),
  mutant({
    id: 'alert-id-per-connector',
    targets: ['ALERT-ID-STABLE'],
    description:
      "The tenant connector stamps Defender XDR's alert ID as SystemAlertId, so one alert's rows carry different IDs through the two connectors.",
    mutation: {
      alertRow: (row, { alert, connector }) =>
        connector === 'tenant' && alert.xdrAlertId !== null
          ? { ...row, SystemAlertId: alert.xdrAlertId }
          : row,
    },
  }),
  mutant({
    id: 'status-change-only-closing',
    targets: ['ALERT-STATUS-NEW-ROW'],
    description:
      "Connectors forward an alert's raise and its closing statuses (Resolved, Dismissed) but drop a change to InProgress or back to Active.",
    mutation: {
      subscriptionTakes: (c) => DOCUMENTED.subscriptionTakes(c) && (c.raise || CLOSING.has(c.status)),
      tenantTakes: (c) => DOCUMENTED.tenantTakes(c) && (c.raise || CLOSING.has(c.status)),
    },
  }),
  mutant({
    id: 'redundant-row-across-connectors',
    targets: ['ALERT-STATUS-NEW-ROW'],
    description:
      "A connector skips a status row when the other connector's latest row of the alert already says it (the redundancy check looks at the alert's rows, not its own): shows only with both connectors.",
    mutation: {
      skipsRow: ({ status, own, other }) => own === status || (own !== undefined && other === status),
    },
  }),
  mutant({
    id: 'end-time-follows-status',
    targets: ['DOC-TIME-ORDER'],
    description:
      "A row's EndTime is the time of the alert's latest status change while ProcessingEndTime stays at the raise.",
    mutation: {
      alertRow: (row, { alert }) => {
        const last = alert.history[alert.history.length - 1];
        return last === undefined ? row : { ...row, EndTime: iso(Math.max(last.at, alert.mdcStartMs)) };
      },
    },
  }),
  mutant({
    id: 'name-from-delivery-time',
    targets: ['DOC-MDC-NAME-ENCODES-START'],
    description:
      "The connector re-derives the alert name (VendorOriginalId) from the delivery time instead of copying MDC's name, which encodes the start.",
    mutation: {
      alertRow: (row, { alert, now }) => ({ ...row, VendorOriginalId: mdcAlertName(now, alert.guid) }),
    },
  }),
];
