/**
 * A user's assumption about the connectors, and how a file of them is loaded. A file (TypeScript or
 * JavaScript) exports assumptions as named exports, a default export, or arrays of them; each is
 * `{ id, sentence, holds(q), explainedBy? }`. The predicate returns:
 *  - true: the assumption holds in this scenario;
 *  - false, or a string saying what broke: it is broken here;
 *  - undefined (or nothing): this scenario does not exercise it (e.g. no alert was raised).
 * `explainedBy` lists the catalogue's behaviour IDs (model/spec/catalogue.ts) that explain a break.
 */
import { existsSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CATALOGUE } from '../../model/spec/catalogue.ts';
import type { Query } from './query.ts';

export type HoldsResult = boolean | string | undefined;

export interface Assumption {
  id: string;
  sentence: string;
  holds(q: Query): HoldsResult;
  explainedBy?: string[];
}

export interface LoadedAssumption extends Assumption {
  file: string;
  explainedBy: string[];
}

/** A file of assumptions that cannot be used, or a predicate that throws: one line naming file and id. */
export class AssumptionError extends Error {
  override readonly name = 'AssumptionError';
}

async function importModule(path: string): Promise<Record<string, unknown>> {
  const url = pathToFileURL(resolve(path)).href;
  try {
    return (await import(url)) as Record<string, unknown>;
  } catch (error) {
    const code = (error as { code?: string } | null)?.code;
    if (!/\.[cm]?ts$/.test(path) || code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw error;
    const { tsImport } = await import('tsx/esm/api');
    return (await tsImport(url, import.meta.url)) as Record<string, unknown>;
  }
}

const KNOWN_IDS = new Set(CATALOGUE.map((e) => e.id));

function check(file: string, where: string, value: unknown): LoadedAssumption {
  const name = basename(file);
  if (typeof value !== 'object' || value === null)
    throw new AssumptionError(`${name}: export ${where} is not an assumption ({ id, sentence, holds })`);
  const a = value as Record<string, unknown>;
  if (typeof a.id !== 'string' || a.id.trim() === '')
    throw new AssumptionError(`${name}: export ${where}: id: expected a non-empty string`);
  const at = `${name}: assumption ${a.id}`;
  if (typeof a.sentence !== 'string' || a.sentence.trim() === '')
    throw new AssumptionError(`${at}: sentence: expected a non-empty string`);
  if (typeof a.holds !== 'function') throw new AssumptionError(`${at}: holds: expected a function (q) => …`);
  const explainedBy = a.explainedBy ?? [];
  if (!Array.isArray(explainedBy) || explainedBy.some((id) => typeof id !== 'string'))
    throw new AssumptionError(`${at}: explainedBy: expected a list of behaviour IDs`);
  const unknown = (explainedBy as string[]).filter((id) => !KNOWN_IDS.has(id));
  if (unknown.length > 0)
    throw new AssumptionError(`${at}: explainedBy: unknown behaviour ID ${unknown.join(', ')}`);
  return {
    id: a.id,
    sentence: a.sentence,
    holds: a.holds as Assumption['holds'],
    explainedBy: explainedBy as string[],
    file,
  };
}

/** Every assumption a file exports, in export order; throws AssumptionError with one line otherwise. */
export async function loadAssumptions(file: string): Promise<LoadedAssumption[]> {
  const name = basename(file);
  if (!existsSync(file)) throw new AssumptionError(`${name}: no such file`);
  let module: Record<string, unknown>;
  try {
    module = await importModule(file);
  } catch (error) {
    const first = String(error instanceof Error ? error.message : error).split('\n')[0];
    throw new AssumptionError(`${name}: cannot load the module: ${first}`);
  }
  const out: LoadedAssumption[] = [];
  for (const [key, value] of Object.entries(module)) {
    if (Array.isArray(value)) {
      for (const [i, v] of value.entries()) out.push(check(file, `${key}[${i}]`, v));
    } else if (
      typeof value === 'object' &&
      value !== null &&
      ('holds' in value || 'id' in value || 'sentence' in value)
    ) {
      out.push(check(file, key, value));
    }
  }
  const byId = new Map<string, LoadedAssumption>();
  for (const a of out) {
    const seen = byId.get(a.id);
    if (seen && seen.holds !== a.holds)
      throw new AssumptionError(`${name}: assumption ${a.id}: two different assumptions share this id`);
    byId.set(a.id, a);
  }
  const unique = [...byId.values()];
  if (unique.length === 0)
    throw new AssumptionError(`${name}: exports no assumption (export { id, sentence, holds(q) } objects)`);
  return unique;
}

/** Runs a predicate; a throw becomes an AssumptionError naming the file and the assumption. */
export function evaluateAssumption(a: LoadedAssumption, q: Query): HoldsResult {
  let result: unknown;
  try {
    result = a.holds(q);
  } catch (error) {
    const first = String(error instanceof Error ? error.message : error).split('\n')[0];
    throw new AssumptionError(`${basename(a.file)}: assumption ${a.id}: the predicate threw: ${first}`);
  }
  if (result === undefined || typeof result === 'boolean' || typeof result === 'string') return result;
  throw new AssumptionError(
    `${basename(a.file)}: assumption ${a.id}: the predicate returned ${typeof result}; expected true, false, a string or nothing`,
  );
}
