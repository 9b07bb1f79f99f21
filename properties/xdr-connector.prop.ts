/** Properties of the area 'Defender XDR connector': every behaviour below holds on the reference simulator in both profiles. */
import { checkArea } from './support.ts';

checkArea('Defender XDR connector', [
  'XDR-CREATES-INCIDENTS',
  'XDR-INCIDENT-SYNC',
  'XDR-ANY-MDC-CONNECTOR',
  'XDR-ALERT-FROM-MDC-CONNECTOR',
  'XDR-EMPTY-WITHOUT-MDC-CONNECTOR',
  'XDR-NO-ALERTS-NO-INCIDENTS',
  'XDR-DUPLICATE-INCIDENTS',
]);
