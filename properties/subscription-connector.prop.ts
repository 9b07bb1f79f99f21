/** Properties of the area 'Subscription-based connector': every behaviour below holds on the reference simulator in both profiles. */
import { checkArea } from './support.ts';

checkArea('Subscription-based connector', [
  'SUB-SCOPE',
  'SUB-FORWARDS',
  'SUB-NO-INCIDENT',
  'SUB-LINK',
  'SUB-MDC-CHANGE-NOT-TO-INCIDENT',
  'SUB-SYNC-INCIDENT-TO-MDC',
  'SUB-NO-SYNC',
]);
