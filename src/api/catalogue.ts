/**
 * The behaviour catalogue as the library gives it: every documented behaviour with its kind, testable
 * statement and verbatim quote, and the article it is checked against.
 */
import type { Behaviour } from '../../model/invariant.ts';
import { BEHAVIOURS } from '../../model/invariants/index.ts';
import { ARTICLE, type BehaviourKind, CATALOGUE, type CatalogueEntry } from '../../model/spec/catalogue.ts';

export type { BehaviourKind, CatalogueEntry };

/** The article the behaviours quote: its file name and SHA-256. */
export const article: { readonly file: string; readonly sha256: string } = ARTICLE;

/** Every behaviour the suite judges, in catalogue order; of one kind when `kind` is given. */
export function behaviours(kind?: BehaviourKind): CatalogueEntry[] {
  return CATALOGUE.filter((entry) => kind === undefined || entry.kind === kind);
}

/** A behaviour by its ID, or undefined. */
export function behaviourById(id: string): CatalogueEntry | undefined {
  return CATALOGUE.find((entry) => entry.id === id);
}

/** The checks for the IDs named (every behaviour when none are): an unknown ID is a RangeError naming it. */
export function selectedBehaviours(only?: readonly string[]): readonly Behaviour[] {
  if (only === undefined) return BEHAVIOURS;
  if (only.length === 0) throw new RangeError('only names no behaviour: give at least one behaviour ID');
  const known = new Map(BEHAVIOURS.map((b) => [b.id, b]));
  const unknown = only.filter((id) => !known.has(id));
  if (unknown.length > 0)
    throw new RangeError(`unknown behaviour ID${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`);
  return BEHAVIOURS.filter((b) => only.includes(b.id));
}
