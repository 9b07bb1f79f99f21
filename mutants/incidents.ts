/** Mutants of the SecurityIncident table: how an incident's changes are written. */
import { type Mutant, mutant } from './mutant.ts';

export const incidentTableMutants: Mutant[] = [
  mutant({
    id: 'incident-row-rewritten',
    targets: ['DOC-INCIDENT-APPEND-ONLY'],
    description:
      "Closing or updating an incident in Sentinel rewrites its latest row (timestamps included) instead of appending one, so the incident's earlier state vanishes.",
    mutation: {
      appendsIncidentRow: ({ modifiedBy, row, prior }) => {
        if (!prior || modifiedBy !== 'Analyst') return true;
        Object.assign(prior, row);
        return false;
      },
    },
  }),
  mutant({
    id: 'incident-row-updated-in-place',
    targets: ['DOC-INCIDENT-APPEND-ONLY'],
    description:
      "Closing or updating an incident in Sentinel rewrites the Status and Classification of its latest row, keeping the row's timestamps, instead of appending a row.",
    mutation: {
      appendsIncidentRow: ({ modifiedBy, row, prior }) => {
        if (!prior || modifiedBy !== 'Analyst') return true;
        Object.assign(prior, {
          Status: row.Status,
          Classification: row.Classification,
          ClosedTime: row.ClosedTime,
          ModifiedBy: row.ModifiedBy,
        });
        return false;
      },
    },
  }),
  mutant({
    id: 'incident-created-time-per-row',
    targets: ['DOC-INCIDENT-APPEND-ONLY'],
    description: 'Every SecurityIncident row carries its own LastModifiedTime as CreatedTime.',
    mutation: { incidentRow: (row) => ({ ...row, CreatedTime: row.LastModifiedTime }) },
  }),
];
