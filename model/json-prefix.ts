/**
 * The start of a value's JSON text, for quoting untrusted values in messages. It is written piece by
 * piece and stops once it is long enough, so a huge or deeply nested value (an implementation's answer,
 * a mangled export) costs no more than a small one and cannot overflow the stack, as JSON.stringify would.
 */

/**
 * JSON text of a value: exactly JSON.stringify's when that is at most `budget` characters long; otherwise
 * longer than `budget`, its first `budget` characters those of JSON.stringify (callers cut it there).
 * What JSON.stringify leaves out or cannot write (undefined, functions, symbols) reads `null`.
 */
export function jsonPrefix(value: unknown, budget: number): string {
  if (budget <= 0) return '…';
  if (value === null || value === undefined || typeof value === 'function' || typeof value === 'symbol')
    return 'null';
  if (typeof value === 'string')
    return JSON.stringify(value.length > budget ? value.slice(0, budget) : value);
  if (typeof value === 'bigint') return String(value);
  if (typeof value !== 'object') return JSON.stringify(value);
  const toJson = (value as { toJSON?: () => unknown }).toJSON;
  if (typeof toJson === 'function') return jsonPrefix(toJson.call(value), budget);
  const isArray = Array.isArray(value);
  let out = isArray ? '[' : '{';
  let first = true;
  for (const key of isArray ? value.keys() : Object.keys(value)) {
    const item = (value as Record<string | number, unknown>)[key];
    if (!isArray && (item === undefined || typeof item === 'function' || typeof item === 'symbol')) continue;
    if (out.length >= budget) return `${out}…`;
    if (!first) out += ',';
    first = false;
    if (!isArray) out += `${JSON.stringify(key)}:`;
    out += jsonPrefix(item, budget - out.length);
  }
  return out + (isArray ? ']' : '}');
}
