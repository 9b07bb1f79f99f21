/**
 * The Report's JSON Schema: its type is the Report interface's, reports made by the suite (and read back
 * from report.json) validate, a drifted report does not, and docs/schema/report.schema.json is what
 * src/report/report-schema.ts makes now (regenerate: npx tsx scripts/gen-report-schema.ts).
 */
import { readFileSync } from 'node:fs';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { BehaviourResult, ImplementationRun, Report } from '../../src/report/report.ts';
import { type ReportFromSchema, ReportSchema, reportSchemaDocument } from '../../src/report/report-schema.ts';
import { hostile, sampleReport } from './support.ts';

const check = TypeCompiler.Compile(ReportSchema);

function problems(value: unknown): string[] {
  return [...check.Errors(value)].map((e) => `${e.path}: ${e.message}`);
}

describe('report schema', () => {
  it('describes the Report type exactly', () => {
    // Checked by tsc: a field added, removed, retyped or made optional on one side only fails the build.
    type Run = ReportFromSchema['runs'][number];
    type Flat<T> = { [K in keyof T]: T[K] };
    expectTypeOf<Run['behaviours'][number]>().toEqualTypeOf<BehaviourResult>();
    expectTypeOf<Run['errored']>().toEqualTypeOf<ImplementationRun['errored']>();
    expectTypeOf<Run['summary']>().toEqualTypeOf<Flat<ImplementationRun['summary']>>();
    expectTypeOf<Omit<Run, 'summary'>>().toEqualTypeOf<Omit<ImplementationRun, 'summary'>>();
    expectTypeOf<Omit<ReportFromSchema, 'runs'>>().toEqualTypeOf<Omit<Report, 'runs'>>();
    expectTypeOf<ReportFromSchema>().toExtend<Report>();
    expectTypeOf<Report>().toExtend<ReportFromSchema>();
  });

  it('accepts reports the suite makes, also after a round trip through report.json', async () => {
    const report = await sampleReport();
    expect(report.runs.map((r) => r.summary.exitCode).sort()).toEqual([1, 2, 3]);
    expect(problems(report)).toEqual([]);
    expect(problems(JSON.parse(JSON.stringify(report, null, 2)))).toEqual([]);
    expect(problems(hostile(report))).toEqual([]);
  });

  it('rejects a report that drifted from it', async () => {
    const report = structuredClone(await sampleReport());
    const b = report.runs[0]?.behaviours[0] as unknown as Record<string, unknown>;
    b.verdict = b.status;
    expect(problems(report).join('\n')).toMatch(/runs\/0\/behaviours\/0/);
    delete b.verdict;
    b.status = 'passed';
    expect(check.Check(report)).toBe(false);
  });

  it('is committed as docs/schema/report.schema.json, unchanged', () => {
    const committed = readFileSync(new URL('../../docs/schema/report.schema.json', import.meta.url), 'utf8');
    expect(
      committed,
      'docs/schema/report.schema.json is stale: run npx tsx scripts/gen-report-schema.ts',
    ).toBe(reportSchemaDocument());
    const document = JSON.parse(committed) as Record<string, unknown>;
    expect(document.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(committed).not.toMatch(/"\[?Kind|"\$id"|"transform"/);
  });
});
