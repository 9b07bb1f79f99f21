/** Properties of the area 'Alert times': every behaviour below holds on the reference simulator in both profiles. */
import { checkArea } from './support.ts';

checkArea('Alert times', ['DOC-TIME-ORDER', 'DOC-MDC-NAME-ENCODES-START']);
