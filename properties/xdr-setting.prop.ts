/** Properties of the area 'Defender XDR's setting for Defender for Cloud alerts': every behaviour below holds on the reference simulator in both profiles. */
import { checkArea } from './support.ts';

checkArea("Defender XDR's setting for Defender for Cloud alerts", [
  'XDR-SETTING-NO-ALERTS',
  'XDR-ALL-ALERTS-NO-TENANT',
]);
