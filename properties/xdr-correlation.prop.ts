/** Properties of the area 'Defender XDR correlation': every behaviour below holds on the reference simulator in both profiles. */
import { checkArea } from './support.ts';

checkArea('Defender XDR correlation', ['XDR-REDIRECT', 'DOC-NO-MERGE-CLOSED', 'DOC-MERGE-TARGET']);
