/** Properties of the area 'SecurityIncident table': every behaviour below holds on the reference simulator in both profiles. */
import { checkArea } from './support.ts';

checkArea('SecurityIncident table', ['DOC-INCIDENT-APPEND-ONLY']);
