/**
 * The catalogue of documented behaviours: each one's ID, kind, testable statement and citation.
 * The data lives in catalogue-data.ts (generated from the spec); this module gives it types and look-ups.
 */
import { ARTICLE, CATALOGUE_DATA } from './catalogue-data.ts';

export type BehaviourKind = 'must' | 'typical' | 'quirk' | 'advice';

export interface CatalogueEntry {
  id: string;
  kind: BehaviourKind;
  /** The spec's section, e.g. 'Subscription-based connector'. */
  area: string;
  /** The behaviour in testable words. */
  says: string;
  source: 'article' | 'microsoft-docs';
  /** Line of the quote in the article; null for behaviours from Microsoft's documentation. */
  line: number | null;
  /** Verbatim quote (curly quotes kept). */
  quote: string;
  /** The Microsoft Learn page(s) for documentation behaviours. */
  reference: string | null;
}

export { ARTICLE };
export const CATALOGUE: readonly CatalogueEntry[] = CATALOGUE_DATA;

const byId = new Map(CATALOGUE.map((entry) => [entry.id, entry]));

export function behaviour(id: string): CatalogueEntry {
  const entry = byId.get(id);
  if (!entry) throw new Error(`unknown behaviour ID: ${id}`);
  return entry;
}

export function behaviourIds(kind?: BehaviourKind): string[] {
  return CATALOGUE.filter((entry) => kind === undefined || entry.kind === kind).map((entry) => entry.id);
}
