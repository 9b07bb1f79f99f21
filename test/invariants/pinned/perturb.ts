/**
 * Small edits of an observation, as data: drop, repeat or reorder an entry of a list, give a field another
 * entry's value, shift a time by whole minutes, or clear a field. The pinned cases (pinned.test.ts) are
 * reference runs and runs of the mutant simulators with at most one such edit each, so that every behaviour
 * meets observations it must reject as well as ones it must accept.
 */
import type { Observation } from '../../../model/observation.ts';
import { iso, MINUTE, parseTime } from '../../../model/time.ts';

export type Path = readonly (string | number)[];

export type Edit =
  | { op: 'drop'; path: Path }
  | { op: 'repeat'; path: Path }
  | { op: 'swap'; path: Path }
  | { op: 'set'; path: Path; value: unknown }
  | { op: 'clear'; path: Path }
  | { op: 'shift'; path: Path; minutes: number };

function parentOf(
  root: unknown,
  path: Path,
): { parent: Record<string | number, unknown>; key: string | number } {
  let node = root as Record<string | number, unknown>;
  for (const step of path.slice(0, -1)) node = node[step] as Record<string | number, unknown>;
  return { parent: node, key: path[path.length - 1] as string | number };
}

/** The observation with `edit` (or each of several, in order) applied: a copy, the original is left as it was. */
export function applyEdit(observation: Observation, edit: Edit | readonly Edit[] | undefined): Observation {
  if (!edit) return observation;
  if (Array.isArray(edit)) return edit.reduce((o: Observation, e: Edit) => applyEdit(o, e), observation);
  return applyOne(observation, edit as Edit);
}

function applyOne(observation: Observation, edit: Edit): Observation {
  const copy = structuredClone(observation);
  const { parent, key } = parentOf(copy, edit.path);
  switch (edit.op) {
    case 'drop':
      (parent as unknown as unknown[]).splice(key as number, 1);
      break;
    case 'repeat': {
      const list = parent as unknown as unknown[];
      list.splice((key as number) + 1, 0, structuredClone(list[key as number]));
      break;
    }
    case 'swap': {
      const list = parent as unknown as unknown[];
      const i = key as number;
      [list[i], list[i + 1]] = [list[i + 1], list[i]];
      break;
    }
    case 'set':
      parent[key] = structuredClone(edit.value);
      break;
    case 'clear':
      delete parent[key];
      break;
    case 'shift':
      parent[key] = iso(parseTime(parent[key] as string) + edit.minutes * MINUTE);
      break;
  }
  return copy;
}
