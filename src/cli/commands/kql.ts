/**
 * `kql`: prints the KQL queries (src/kql) a SOC engineer runs in their own workspace, one per behaviour that
 * trace mode checks, each under its ID and title; `--only` picks some by ID.
 */
import { parseArgs } from 'node:util';
import { kqlQueries } from '../../kql/index.ts';
import { CommandLineError, reportInputError } from './check-trace.ts';

export const KQL_USAGE = 'sentinel-conformance kql [--only ID,…]';

export const KQL_SUMMARY =
  'print the KQL queries that look for each trace-checkable behaviour in your own workspace (an empty result: no witness)';

export async function kqlCommand(argv: string[]): Promise<number> {
  try {
    const { values } = parseArgs({
      args: argv,
      options: { only: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    });
    const queries = kqlQueries();
    let chosen = queries;
    if (values.only !== undefined) {
      const ids = values.only
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const known = new Set(queries.map((q) => q.id));
      const unknown = ids.filter((id) => !known.has(id));
      if (ids.length === 0 || unknown.length > 0) {
        throw new CommandLineError(
          `--only names no query for ${unknown.join(', ') || "''"} (queries: ${[...known].join(', ')})`,
        );
      }
      chosen = queries.filter((q) => ids.includes(q.id));
    }
    const text = chosen.map((q) => `// ===== ${q.id}: ${q.title} =====\n${q.query.trimEnd()}\n`).join('\n');
    process.stdout.write(text);
    return 0;
  } catch (error) {
    return reportInputError(error);
  }
}
