/** Properties of the area 'Both MDC connectors at once': every behaviour below holds on the reference simulator in both profiles. */
import { checkArea } from './support.ts';

checkArea('Both MDC connectors at once', ['BOTH-DUPLICATES', 'BOTH-SYNC-APPLIES']);
