/** Properties of the area 'Microsoft incident creation rule': every behaviour below holds on the reference simulator in both profiles. */
import { checkArea } from './support.ts';

checkArea('Microsoft incident creation rule', [
  'RULE-REQUIRED',
  'RULE-PRODUCT-FILTER',
  'RULE-ONE-INCIDENT',
  'RULE-FIRST-ARRIVAL',
  'RULE-ANY-CONNECTOR',
  'DOC-RULES-ONE-INCIDENT',
]);
