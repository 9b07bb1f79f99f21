/** The ```json <name> blocks of docs/protocol.md, parsed, for the tests that check them. */
import { readFileSync } from 'node:fs';

export function protocolExamples(): Record<string, unknown> {
  const text = readFileSync(new URL('../../docs/protocol.md', import.meta.url), 'utf8');
  return Object.fromEntries(
    [...text.matchAll(/^```jsonl? ([\w-]+)\n([\s\S]*?)^```$/gm)].map((m) => [m[1], JSON.parse(m[2] ?? '')]),
  );
}
