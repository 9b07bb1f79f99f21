/** Properties of the area 'SecurityAlert table': every behaviour below holds on the reference simulator in both profiles. */
import { checkArea } from './support.ts';

checkArea('SecurityAlert table', ['ALERT-APPEND-ONLY', 'ALERT-ID-STABLE', 'ALERT-STATUS-NEW-ROW']);
