/** Properties of the area 'Documented anomalies (forbidden in ideal, allowed in observed)': every behaviour below holds on the reference simulator in both profiles. */
import { checkArea } from './support.ts';

checkArea('Documented anomalies (forbidden in ideal, allowed in observed)', [
  'Q-FUTURE-TIME',
  'Q-NON-UTC-STARTTIME',
  'Q-INCIDENT-BEFORE-ALERT',
  'Q-TENANT-REPEATS',
]);
