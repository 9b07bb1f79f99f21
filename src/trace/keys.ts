/**
 * Duplicate keys, one rule for every form: a key (a JSON row's member, a CSV or API column) that the tool
 * reads, named twice in one row or header, is bad input, named by file, row and key; a key the tool never
 * reads may repeat, as it cannot change a verdict. JSON.parse keeps the last of two members silently, so for
 * rows of objects the raw text is checked: one regex pass counts the read keys' occurrences in a span of
 * rows, and only when the count differs from the keys the parsed rows hold (a repeat, a nested member of the
 * same name) is the span walked member by member to tell which. Keys are compared as JSON.parse reads them,
 * unescaped: a read key may also be spelt with `\u` escapes (`"Sta\u0074us"` is Status), which the count does
 * not see, so a span holding `\u` anywhere is walked too (the walk unescapes each key). The names the tool
 * reads are letters, digits and `_`, which no other escape (`\"`, `\\`, `\/`, `\n`, …) can spell: a span
 * without `\u`, the common case, costs one native search more.
 */
import { TraceInputError } from './errors.ts';

export class KeyGuard {
  private readonly pattern: RegExp;
  private readonly names: ReadonlySet<string>;

  /** `names`: every key the tool reads (all names of every model column). */
  constructor(names: readonly string[]) {
    this.names = new Set(names);
    for (const name of this.names) {
      // What makes a span without `\u` safe to count (see above).
      if (!/^[A-Za-z0-9_]+$/.test(name))
        throw new Error(`KeyGuard: a read key '${name}' is not a plain name`);
    }
    const alternatives = [...this.names].map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    this.pattern = new RegExp(`"(?:${alternatives.join('|')})"\\s*:`, 'g');
  }

  /**
   * Throws when a row in `text` repeats a read key. `text` holds `rows` (parsed from it) as one object, or as
   * the elements of one array (`wrapped`); rows[0] is data row `first`.
   */
  check(text: string, rows: readonly unknown[], first: number, wrapped: boolean, file: string): void {
    let expected = 0;
    for (const row of rows) {
      for (const key in row as Record<string, unknown>) if (this.names.has(key)) expected++;
    }
    this.pattern.lastIndex = 0;
    let found = 0;
    while (this.pattern.exec(text) !== null) found++;
    if (found === expected && text.indexOf('\\u') < 0) return;
    const repeat = this.walk(text, wrapped ? 2 : 1);
    if (repeat !== null) {
      throw new TraceInputError(
        'duplicate-column',
        file,
        first + repeat.row,
        repeat.key,
        `the row names the key ${repeat.key} twice (JSON would keep only the last value)`,
      );
    }
  }

  /**
   * The first read key named twice in one object at depth `depth` (1: the text is one object; 2: an array of
   * them), with the object's index; null when none is. The text is valid JSON (it parsed).
   */
  private walk(text: string, depth: number): { row: number; key: string } | null {
    let level = 0;
    let row = -1;
    let keys = new Set<string>();
    const n = text.length;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        let j = i + 1;
        let escaped = false;
        for (; j < n; j++) {
          const d = text.charCodeAt(j);
          if (d === 0x5c) {
            escaped = true;
            j++;
          } else if (d === 0x22) break;
        }
        if (level === depth) {
          let k = j + 1;
          while (k < n && /\s/.test(text[k] as string)) k++;
          if (text.charCodeAt(k) === 0x3a) {
            const raw = text.slice(i, j + 1);
            const key = escaped ? (JSON.parse(raw) as string) : raw.slice(1, -1);
            if (this.names.has(key)) {
              if (keys.has(key)) return { row, key };
              keys.add(key);
            }
          }
        }
        i = j;
      } else if (c === 0x7b || c === 0x5b) {
        level++;
        if (level === depth && c === 0x7b) {
          row++;
          keys = new Set();
        }
      } else if (c === 0x7d || c === 0x5d) {
        level--;
      }
    }
    return null;
  }
}
