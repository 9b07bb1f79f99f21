/**
 * Where a run's declaration comes from (docs/protocol.md, "Declaring a partial implementation"): a file
 * given beside the command (`--declare file.json`), else what the implementation itself declares (a
 * subprocess's answer to the declaration request, a module's `declaration` export), else nothing: the
 * implementation supports everything. A declaration off the schema stops the run before any scenario, with
 * one line naming where it came from and the field (ImplementationLoadError, exit code 3).
 */
import { readFileSync } from 'node:fs';
import { CONFIG_CHANGE_KINDS, CONFIG_PARTS, checkDeclaration } from '../../model/schema.ts';
import { STEP_TYPES } from '../../model/timeline.ts';
import { type Supported, supportedBy, supportsEverything } from '../../properties/declared.ts';
import { ImplementationLoadError } from '../adapters/types.ts';

export interface Declared {
  supported: Supported;
  /** Where it came from: the file, or 'the implementation'. */
  source: string;
}

/** A declaration as given (parsed JSON), checked; `source` names it in the error. */
export function declaredFrom(value: unknown, source: string): Declared {
  const checked = checkDeclaration(value);
  if (!checked.ok)
    throw new ImplementationLoadError(`the declaration of ${source} is invalid: ${checked.error.message}`);
  return { supported: supportedBy(checked.declaration), source };
}

/** Reads and checks a declaration file. */
export function readDeclarationFile(file: string): Declared {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new ImplementationLoadError(`${file}: the declaration file cannot be read`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ImplementationLoadError(
      `${file}: the declaration file is not JSON (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  return declaredFrom(value, file);
}

/**
 * The run's declaration: the file when one is given (the implementation is then not asked), else the
 * implementation's own, else undefined (everything).
 */
export async function resolveDeclaration(
  file: string | undefined,
  ask: (() => Promise<unknown | undefined>) | undefined,
): Promise<Declared | undefined> {
  if (file !== undefined) return readDeclarationFile(file);
  const value = await ask?.();
  return value === undefined ? undefined : declaredFrom(value, 'the implementation');
}

/** What a declaration leaves out, in one line ('' when nothing): for the console and the report. */
export function leftOut(supported: Supported): string {
  if (supportsEverything(supported)) return '';
  const parts = [
    ['step types', STEP_TYPES.filter((t) => !supported.steps.has(t))],
    [
      'configuration changes',
      supported.steps.has('config-changed')
        ? CONFIG_CHANGE_KINDS.filter((k) => !supported.configChanges.has(k))
        : [],
    ],
    ['configuration parts', CONFIG_PARTS.filter((p) => !supported.config.has(p))],
    ['profiles', (['ideal', 'observed'] as const).filter((p) => !supported.profiles.has(p))],
  ] as const;
  return parts
    .filter(([, values]) => values.length > 0)
    .map(([what, values]) => `${what} ${values.join(', ')}`)
    .join('; ');
}
