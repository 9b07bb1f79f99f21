/** Properties of the area 'Tenant-based connector': every behaviour below holds on the reference simulator in both profiles. */
import { checkArea } from './support.ts';

checkArea('Tenant-based connector', [
  'TEN-SCOPE',
  'TEN-NO-INCIDENT',
  'TEN-MIRRORS-MDC',
  'TEN-NO-SYNC',
  'TEN-VIA-XDR',
  'TEN-LINK',
  'TEN-LATEST-STATUS',
  'DOC-TEN-NO-INFORMATIONAL',
]);
