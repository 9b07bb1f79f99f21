/**
 * A declared workspace configuration (`--config workspace.json`): a WorkspaceConfig (model/config.ts) as
 * JSON. It is checked against the model's own schema (model/schema.ts, through a scenario wrapper so that
 * the schema stays the one source), then for what a schema cannot say: a connector or a rule named twice,
 * a connector on a subscription the configuration does not list. Every problem is one line naming the file
 * and the field (`subscriptionConnector[1].sync: expected true or false, received "yes"`).
 *
 * Trace mode reads the configuration as in force over the whole export: the tables do not say when it
 * changed.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { IncidentRule, SubscriptionConnector, WorkspaceConfig } from '../../model/config.ts';
import { SCENARIO_VERSION } from '../../model/scenario.ts';
import { checkScenario, show } from '../../model/schema.ts';

/** A configuration file that cannot be used: one line, naming the file and the field. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly file: string;
  /** The field's path (`incidentRules[0].productFilter[1]`), or '' for the file as a whole. */
  readonly field: string;

  constructor(file: string, field: string, reason: string) {
    super(`${basename(file)}${field === '' ? '' : `: ${field}`}: ${reason.replace(/[\r\n\t]+/g, ' ')}`);
    this.file = file;
    this.field = field;
  }
}

/** Line and column of a character offset, for a JSON syntax error. */
function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return `line ${line}, column ${column}`;
}

/** A syntax problem jsonProblem found (thrown inside it, so that anything else thrown is no problem of ours). */
class JsonProblem {
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {}
}

/**
 * Where JSON text first goes wrong, and how: JSON.parse's own message does not always give a position
 * (Node 20 quotes a snippet instead), so a small scanner finds it. It keeps the open arrays and objects on
 * a stack of its own, not the call stack: a file of 200,000 `[` is a syntax error, not a stack overflow.
 */
export function jsonProblem(text: string): { offset: number; reason: string } | null {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i] as string)) i++;
  };
  const fail = (reason: string): never => {
    throw new JsonProblem(i, reason);
  };
  const describe = () => (i >= text.length ? 'end of file' : JSON.stringify(text[i]));
  const literal = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else fail(`unexpected ${describe()}`);
  };
  const string = () => {
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') i++;
      else if ((text.charCodeAt(i) ?? 0) < 0x20) fail('a line break or control character inside a string');
      i++;
    }
    if (i >= text.length) fail('a string that never ends');
    i++;
  };
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 64));
    if (!match) fail(`unexpected ${describe()}`);
    i += (match as RegExpExecArray)[0].length;
  };
  const key = () => {
    ws();
    if (text[i] !== '"') fail(`expected a quoted field name, found ${describe()}`);
    string();
    ws();
    if (text[i] !== ':') fail(`expected ':', found ${describe()}`);
    i++;
  };
  /** The open containers, innermost last: '{' or '['. */
  const open: string[] = [];
  try {
    for (;;) {
      // A value starts here.
      ws();
      const c = text[i];
      let opened = false;
      if (c === '{' || c === '[') {
        i++;
        ws();
        const close = c === '{' ? '}' : ']';
        if (text[i] === close) i++;
        else {
          open.push(c);
          if (c === '{') key();
          opened = true;
        }
      } else if (c === '"') string();
      else if (c === 't') literal('true');
      else if (c === 'f') literal('false');
      else if (c === 'n') literal('null');
      else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) number();
      else fail(`unexpected ${describe()}`);
      if (opened) continue;
      // A value ended: close what it ends, until a comma asks for the next value.
      let next = false;
      while (open.length > 0 && !next) {
        ws();
        const container = open.at(-1) as string;
        const close = container === '{' ? '}' : ']';
        if (text[i] === ',') {
          i++;
          if (container === '{') key();
          next = true;
        } else if (text[i] === close) {
          i++;
          open.pop();
        } else fail(`expected ',' or '${close}', found ${describe()}`);
      }
      if (!next) break;
    }
    ws();
    if (i < text.length) fail(`unexpected ${describe()} after the value`);
    return null;
  } catch (problem) {
    if (problem instanceof JsonProblem) return { offset: problem.offset, reason: problem.reason };
    throw problem;
  }
}

/**
 * The first field of valid JSON text named twice in one object (`"Sta\u0074us"` is `Status`), with its
 * path (`incidentRules[0].severitiesFilter`) and offset; null when every object names each field once.
 * JSON.parse keeps the last of the two silently, so a configuration edited by hand could say one thing and
 * mean another. The open containers are on a stack of its own, as in jsonProblem.
 */
export function duplicateKey(text: string): { path: string; offset: number } | null {
  interface Frame {
    object: boolean;
    keys: Set<string>;
    key: string;
    index: number;
    expectKey: boolean;
  }
  const stack: Frame[] = [];
  const pathOf = (key: string) => {
    let path = '';
    for (const frame of stack.slice(0, -1))
      path += frame.object ? `${path === '' ? '' : '.'}${frame.key}` : `[${frame.index}]`;
    return `${path}${path === '' ? '' : '.'}${key}`;
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    const top = stack.at(-1);
    if (c === '{' || c === '[') {
      stack.push({ object: c === '{', keys: new Set(), key: '', index: 0, expectKey: c === '{' });
      i++;
    } else if (c === '}' || c === ']') {
      stack.pop();
      i++;
    } else if (c === ',') {
      if (top?.object) top.expectKey = true;
      else if (top) top.index++;
      i++;
    } else if (c === '"') {
      const start = i;
      i++;
      while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      i++;
      if (top?.object && top.expectKey) {
        const key = JSON.parse(text.slice(start, i)) as string;
        if (top.keys.has(key)) return { path: pathOf(key), offset: start };
        top.keys.add(key);
        top.key = key;
        top.expectKey = false;
      }
    } else i++;
  }
  return null;
}

function parseJson(text: string, file: string): unknown {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '')
    throw new ConfigError(file, '', 'the file is empty: expected a JSON object (a WorkspaceConfig)');
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    const problem = jsonProblem(body) ?? { offset: 0, reason: 'not JSON' };
    throw new ConfigError(
      file,
      '',
      `not valid JSON (${lineAndColumn(body, problem.offset)}): ${problem.reason}`,
    );
  }
  const twice = duplicateKey(body);
  if (twice)
    throw new ConfigError(
      file,
      twice.path,
      `named twice (${lineAndColumn(body, twice.offset)}): give each field once`,
    );
  return value;
}

/** The first duplicate of `values` (compared case-insensitively), with its index. */
function duplicate(values: readonly string[]): { index: number; value: string } | undefined {
  const seen = new Set<string>();
  for (const [index, value] of values.entries()) {
    const key = value.toLowerCase();
    if (seen.has(key)) return { index, value };
    seen.add(key);
  }
  return undefined;
}

/** The fields of a WorkspaceConfig, and of an entry of each of its lists. */
const FIELDS = {
  config: [
    'subscriptions',
    'subscriptionConnector',
    'tenantConnector',
    'xdrMdcSetting',
    'xdrConnector',
    'incidentRules',
  ],
  subscriptionConnector: ['subscription', 'sync'],
  incidentRules: ['name', 'productFilter', 'severitiesFilter'],
} as const;

// FIELDS names every field of the model's types, and no other (a compile error otherwise).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _fieldsAreTheModels: [
  Same<(typeof FIELDS.config)[number], keyof WorkspaceConfig>,
  Same<(typeof FIELDS.subscriptionConnector)[number], keyof SubscriptionConnector>,
  Same<(typeof FIELDS.incidentRules)[number], keyof IncidentRule>,
] = [true, true, true];
void _fieldsAreTheModels;

/** Levenshtein distance, case-insensitive: how far a field name is from one the format has. */
function distance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++)
      current[j] = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + (x[i - 1] === y[j - 1] ? 0 : 1),
      );
    previous = current;
  }
  return previous[y.length] as number;
}

/**
 * A field the format does not have, spelt close to one the object lacks (`tenantconnector`,
 * `severityFilter`): named with the likely field, before the schema reports the real one missing.
 */
function misspeltField(value: object, file: string, path: string, known: readonly string[]): void {
  const fields = Object.keys(value);
  for (const field of fields) {
    if (known.includes(field)) continue;
    const likely = known.find(
      (k) => !fields.includes(k) && distance(field, k) <= Math.max(2, Math.floor(k.length / 4)),
    );
    if (likely)
      throw new ConfigError(
        file,
        `${path}${path === '' ? '' : '.'}${field}`,
        `expected no such field, received ${show((value as Record<string, unknown>)[field])} (did you mean ${likely}?)`,
      );
  }
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value as a WorkspaceConfig, or a ConfigError naming the first wrong field. */
export function validateWorkspaceConfig(value: unknown, file = 'workspace.json'): WorkspaceConfig {
  if (!isObject(value)) {
    throw new ConfigError(file, '', `expected a JSON object (a WorkspaceConfig), received ${show(value)}`);
  }
  misspeltField(value, file, '', FIELDS.config);
  for (const list of ['subscriptionConnector', 'incidentRules'] as const) {
    const entries = (value as Record<string, unknown>)[list];
    if (Array.isArray(entries))
      for (const [i, entry] of entries.entries())
        if (isObject(entry)) misspeltField(entry, file, `${list}[${i}]`, FIELDS[list]);
  }
  const wrapped = {
    version: SCENARIO_VERSION,
    tenantId: 'workspace',
    start: '2026-01-01T00:00:00.000Z',
    config: value,
    timeline: [],
    settleMinutes: 60,
  };
  const checked = checkScenario(wrapped);
  if (!checked.ok) {
    const { path, expected, received } = checked.error;
    const field = path.replace(/^config\.?/, '');
    throw new ConfigError(file, field, `expected ${expected}, received ${received}`);
  }
  const config = checked.scenario.config;
  const subscriptions = duplicate(config.subscriptions);
  if (subscriptions) {
    throw new ConfigError(
      file,
      `subscriptions[${subscriptions.index}]`,
      `${show(subscriptions.value)} is listed twice`,
    );
  }
  const listed = new Set(config.subscriptions.map((s) => s.toLowerCase()));
  for (const [index, connector] of config.subscriptionConnector.entries()) {
    if (!listed.has(connector.subscription.toLowerCase())) {
      throw new ConfigError(
        file,
        `subscriptionConnector[${index}].subscription`,
        `${show(connector.subscription)} is not one of subscriptions (${config.subscriptions.map(show).join(', ') || 'none'})`,
      );
    }
  }
  const connectors = duplicate(config.subscriptionConnector.map((c) => c.subscription));
  if (connectors) {
    throw new ConfigError(
      file,
      `subscriptionConnector[${connectors.index}].subscription`,
      `${show(connectors.value)} has the connector twice`,
    );
  }
  const rules = duplicate(config.incidentRules.map((r) => r.name));
  if (rules) {
    throw new ConfigError(file, `incidentRules[${rules.index}].name`, `${show(rules.value)} names two rules`);
  }
  // A subscription ID is a GUID, matched case-insensitively above: the connector's entry takes the spelling
  // `subscriptions` gives it, so that the model (which compares exactly) sees one subscription, not an
  // uncovered one and a connector on another.
  const spelling = new Map(config.subscriptions.map((s) => [s.toLowerCase(), s]));
  return {
    ...config,
    subscriptionConnector: config.subscriptionConnector.map((c) => ({
      ...c,
      subscription: spelling.get(c.subscription.toLowerCase()) ?? c.subscription,
    })),
  };
}

/**
 * A configuration file's text: UTF-8, or UTF-16 with its byte-order mark (what Windows PowerShell 5.1's
 * `>` and Out-File write), decoded. A small file, read whole, unlike a trace export.
 */
function decodeText(bytes: Buffer, file: string): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // A Latin-1 'é' would otherwise become U+FFFD inside a subscription's or a rule's name, silently.
    const bad = firstInvalidUtf8(bytes);
    const before = bytes.subarray(0, bad).toString('utf8');
    throw new ConfigError(
      file,
      '',
      `not UTF-8 text (${lineAndColumn(before, before.length)}): save it as UTF-8 (or UTF-16 with its byte-order mark)`,
    );
  }
}

/**
 * The offset of the first byte of the first sequence that is not UTF-8: the longest prefix a streaming
 * decoder takes, less a sequence it holds open there (the lead byte of `caf\xe9"` is the one at fault).
 */
function firstInvalidUtf8(bytes: Uint8Array): number {
  const valid = (n: number, stream: boolean) => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, n), { stream });
      return true;
    } catch {
      return false;
    }
  };
  let low = 0;
  let high = bytes.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (valid(mid, true)) low = mid;
    else high = mid - 1;
  }
  while (low > 0 && !valid(low, false)) low--;
  return low;
}

/** Reads and validates a configuration file. */
export function loadWorkspaceConfig(path: string): WorkspaceConfig {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : `cannot be read (${code})`;
    throw new ConfigError(path, '', reason);
  }
  return validateWorkspaceConfig(parseJson(decodeText(bytes, path), path), path);
}
