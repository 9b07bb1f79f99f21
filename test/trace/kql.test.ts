/**
 * Every trace-mode KQL query parses and analyses with Kusto's own parser (@kusto/language-service-next) against
 * SecurityAlert and SecurityIncident declared with their real column types, with zero diagnostics; a broken
 * query does produce diagnostics, so the check can fail. The reverse-ticks arithmetic is checked against the
 * model's decoder.
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { behaviour } from '../../model/spec/catalogue.ts';
import { decodeMdcAlertName, mdcAlertName } from '../../model/time.ts';
import { KQL_TABLES, kqlQueries } from '../../src/kql/index.ts';

interface DotNetList<T> {
  Count: number;
  getItem(i: number): T;
}
interface KustoLanguage {
  KustoCode: {
    ParseAndAnalyze(text: string, globals: unknown): { GetDiagnostics(): DotNetList<{ Message: string }> };
  };
  GlobalState: { Default: { WithDatabase(db: unknown): unknown } };
  Symbols: {
    TableSymbol: { $ctor7: new (name: string, schema: string, description: null) => unknown };
    DatabaseSymbol: { $ctor1: new (name: string, tables: unknown, isOpen: boolean) => unknown };
  };
}

function loadKusto(): { kusto: KustoLanguage; globals: unknown } {
  const require = createRequire(import.meta.url);
  require('@kusto/language-service-next/bridge.js');
  require('@kusto/language-service-next/Kusto.Language.Bridge.js');
  const g = globalThis as unknown as {
    Kusto: { Language: KustoLanguage };
    System: { Linq: { Enumerable: { from(items: unknown[]): unknown } } };
  };
  const kusto = g.Kusto.Language;
  const tables = KQL_TABLES.map((t) => new kusto.Symbols.TableSymbol.$ctor7(t.name, t.schema, null));
  const db = new kusto.Symbols.DatabaseSymbol.$ctor1(
    'workspace',
    g.System.Linq.Enumerable.from(tables),
    false,
  );
  return { kusto, globals: kusto.GlobalState.Default.WithDatabase(db) };
}

const { kusto, globals } = loadKusto();

function diagnostics(query: string): string[] {
  const list = kusto.KustoCode.ParseAndAnalyze(query, globals).GetDiagnostics();
  return Array.from({ length: list.Count }, (_, i) => list.getItem(i).Message);
}

const EXPECTED_IDS = [
  'ALERT-ID-STABLE',
  'ALERT-STATUS-NEW-ROW',
  'RULE-ONE-INCIDENT',
  'DOC-RULES-ONE-INCIDENT',
  'DOC-INCIDENT-APPEND-ONLY',
  'XDR-REDIRECT',
  'XDR-DUPLICATE-INCIDENTS',
  'XDR-EMPTY-WITHOUT-MDC-CONNECTOR',
  'SUB-LINK',
  'TEN-LINK',
  'DOC-TIME-ORDER',
  'DOC-MDC-NAME-ENCODES-START',
  'Q-NON-UTC-STARTTIME',
  'Q-FUTURE-TIME',
  'Q-TENANT-REPEATS',
  'Q-INCIDENT-BEFORE-ALERT',
];

describe('KQL for the trace-checkable behaviours', () => {
  const queries = kqlQueries();

  it('has one query per trace-checked behaviour', () => {
    expect(queries.map((q) => q.id).sort()).toEqual([...EXPECTED_IDS].sort());
  });

  it.each(queries.map((q) => [q.id, q] as const))(
    '%s parses and analyses with zero diagnostics',
    (_id, q) => {
      expect(diagnostics(q.query)).toEqual([]);
    },
  );

  it.each(queries.map((q) => [q.id, q] as const))(
    '%s names its ID and statement first, and outputs BehaviourId',
    (id, q) => {
      const [first] = q.query.split('\n');
      expect(first).toBe(`// ${id} (${behaviour(id).kind}): ${behaviour(id).says}`);
      expect(q.query).toContain(`BehaviourId = "${id}"`);
      expect(q.title.length).toBeGreaterThan(0);
    },
  );

  it('reports diagnostics for broken queries (so the checks above can fail)', () => {
    expect(diagnostics('SecurityAlert | where | bad').length).toBeGreaterThan(0);
    expect(diagnostics('SecurityAlert | where Nope == 1').length).toBeGreaterThan(0);
    expect(
      diagnostics('SecurityIncident | mv-expand x = AlertIds | where IncidentNumber == "a" + 1').length,
    ).toBeGreaterThan(0);
    const broken = (queries[0]?.query ?? '').replace('MdcGuid', 'MdcGuidd');
    expect(diagnostics(broken).length).toBeGreaterThan(0);
  });

  it("the reverse-ticks arithmetic of the queries matches the model's decoder", () => {
    // The queries compute µs since 1970 as (3155378975999999999 − prefix − 621355968000000000) / 10 in 64-bit
    // integers; the same arithmetic in BigInt must give the model's start (to the ms). Names have 18–19 digits
    // (both the model and the queries require that), i.e. starts up to about 3.2e3 years ahead of 0001.
    const starts = [
      Date.UTC(1970, 0, 1),
      Date.UTC(2019, 0, 10, 4, 15, 2),
      Date.UTC(2026, 6, 1, 12, 0, 0, 123),
      Date.UTC(2200, 11, 31, 23, 59, 59, 999),
    ];
    for (const start of starts) {
      const name = mdcAlertName(start, '00000000-0000-4000-8000-000000000001');
      const prefix = BigInt(name.split('_')[0] as string);
      const micros = (3155378975999999999n - prefix - 621355968000000000n) / 10n;
      expect(micros).toBeLessThan(2n ** 63n);
      expect(Number(micros / 1000n)).toBe(decodeMdcAlertName(name)?.startMs);
      expect(Number(micros / 1000n)).toBe(start);
    }
    // A real name (domain-facts §3.2): 2517238771573679907 → 2023-03-10 04:47:22.632009 UTC.
    const micros = (3155378975999999999n - 2517238771573679907n - 621355968000000000n) / 10n;
    expect(new Date(Number(micros / 1000n)).toISOString()).toBe('2023-03-10T04:47:22.632Z');
    expect(micros % 1_000_000n).toBe(632009n);
  });
});
