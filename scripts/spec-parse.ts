/**
 * Parses the spec's Markdown tables (ID | kind | says | quote-or-source) into catalogue entries.
 * Used by the catalogue generator and by the test that checks the committed catalogue against the spec.
 * It does not read files: callers pass the text in.
 */
export interface ParsedBehaviour {
  id: string;
  kind: 'must' | 'typical' | 'quirk' | 'advice';
  area: string;
  says: string;
  source: 'article' | 'microsoft-docs';
  /** Article line for article behaviours; null for behaviours sourced from Microsoft's documentation. */
  line: number | null;
  quote: string;
  /** For documentation behaviours: the page(s) cited. */
  reference: string | null;
}

const KINDS = new Set(['must', 'typical', 'quirk', 'advice']);

function splitRow(line: string): string[] {
  // Cells never contain an escaped pipe in the spec; split on ' | ' boundaries.
  return line
    .replace(/^\|\s?/, '')
    .replace(/\s?\|$/, '')
    .split(' | ');
}

export function parseSpec(markdown: string): ParsedBehaviour[] {
  const out: ParsedBehaviour[] = [];
  let area = '';
  for (const line of markdown.split('\n')) {
    if (line.startsWith('## ')) {
      area = line.slice(3).trim();
      continue;
    }
    if (!/^\| [A-Z]+-[A-Z0-9-]+ \|/.test(line)) continue;
    const [id, kind, says, last] = splitRow(line);
    if (!id || !kind || !says || last === undefined || !KINDS.has(kind)) {
      throw new Error(`spec row not understood: ${line.slice(0, 80)}`);
    }
    const article = /^L(\d+) "(.*)"$/.exec(last);
    if (article) {
      out.push({
        id,
        kind: kind as ParsedBehaviour['kind'],
        area,
        says,
        source: 'article',
        line: Number(article[1]),
        quote: article[2] ?? '',
        reference: null,
      });
      continue;
    }
    const doc = /^(.*?): "(.*)"$/.exec(last);
    out.push({
      id,
      kind: kind as ParsedBehaviour['kind'],
      area,
      says,
      source: 'microsoft-docs',
      line: null,
      quote: doc ? (doc[2] ?? '') : '',
      reference: doc ? (doc[1] ?? last) : last,
    });
  }
  return out;
}
