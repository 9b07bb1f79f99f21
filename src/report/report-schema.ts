/**
 * The Report (report.ts) as a JSON Schema, written with TypeBox, for tools that read report.json. The
 * interfaces in report.ts stay the readable source; test/report/report-schema.test.ts fails the build when
 * `Static<typeof ReportSchema>` and `Report` stop being the same type, checks that generated reports
 * validate, and that docs/schema/report.schema.json is what `reportSchemaDocument()` makes now
 * (regenerate: npx tsx scripts/gen-report-schema.ts).
 *
 * Pure: no I/O.
 */
import { type Static, type TLiteral, type TUnion, Type } from '@sinclair/typebox';
import type { MergeVariant, ProfileName } from '../../model/profile.ts';
import type { BehaviourKind } from '../../model/spec/catalogue.ts';
import type { VerdictStatus } from '../../model/verdict.ts';
import { CHECKING } from '../../properties/settings.ts';
import { ERRORED_LISTED, REPORT_SCHEMA_VERSION } from './report.ts';

/** Every verdict status, in the order reports list them. */
export const VERDICT_STATUSES = [
  'holds',
  'violated',
  'not-exercised',
  'undecidable',
  'errored',
  'skipped',
] as const satisfies readonly VerdictStatus[];

const BEHAVIOUR_KINDS = ['must', 'typical', 'quirk', 'advice'] as const satisfies readonly BehaviourKind[];
const PROFILE_NAMES = ['ideal', 'observed'] as const satisfies readonly ProfileName[];
const MERGE_VARIANTS = ['new-incident', 'into-target'] as const satisfies readonly MergeVariant[];

function oneOf<T extends string | number>(values: readonly T[], description?: string): TUnion<TLiteral<T>[]> {
  return Type.Union(
    values.map((value) => Type.Literal(value)),
    description === undefined ? {} : { description },
  );
}

const closed = { additionalProperties: false } as const;
const count = (description: string) => Type.Integer({ minimum: 0, description });
const fraction = (description: string) => Type.Number({ minimum: 0, maximum: 1, description });

const CounterexampleSchema = Type.Object(
  {
    file: Type.String({ description: 'The counterexample file, relative to the report; `replay` reads it.' }),
    seed: Type.Integer({ description: "fast-check's seed." }),
    path: Type.String({ description: "fast-check's path to the shrunk case from the seed." }),
    size: count('Steps in the shrunk scenario.'),
    message: Type.String({ description: 'What broke the behaviour, in one sentence.' }),
    timeline: Type.Array(Type.String(), {
      description: "The scenario's steps and the rows written, merged on one clock; ' ◀' marks the witness.",
    }),
  },
  { ...closed, description: "The behaviour's own shrunk counterexample." },
);

const BehaviourResultSchema = Type.Object(
  {
    id: Type.String({ minLength: 1, description: "The behaviour's ID in the catalogue." }),
    kind: oneOf(BEHAVIOUR_KINDS),
    area: Type.String({ description: "The spec's section, e.g. 'Subscription-based connector'." }),
    source: oneOf(['article', 'microsoft-docs'] as const),
    says: Type.String({ description: 'The behaviour in testable words.' }),
    quote: Type.String({ description: 'The verbatim quote it is checked against.' }),
    line: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], {
      description: "The quote's line in the article; null for Microsoft's documentation.",
    }),
    reference: Type.Union([Type.String(), Type.Null()], {
      description: 'The Microsoft Learn page(s) for documentation behaviours; else null.',
    }),
    status: oneOf(VERDICT_STATUSES),
    detail: Type.String({ description: 'One sentence on why this status.' }),
    judged: count('Runs whose observation was judged.'),
    exercised: count('Runs in which the situation occurred.'),
    share: fraction('exercised / judged (0 when nothing was judged).'),
    belowFloor: Type.Boolean({ description: 'Must invariants: the share is under the no-vacuity floor.' }),
    situations: count('Situations judged over all runs.'),
    violations: count('Runs that violated the behaviour.'),
    undecided: Type.Optional(
      Type.Object(
        {
          runs: count('Runs with a situation the model leaves open (both outcomes allowed).'),
          first: Type.String({ description: 'The first such situation, in domain words.' }),
        },
        { ...closed, description: 'Situations left open, counted apart from those judged.' },
      ),
    ),
    rate: Type.Optional(fraction('Typical behaviours: the rate of the typical outcome.')),
    occurrences: Type.Optional(count('Quirks and advice: how often it was shown or flagged.')),
    counterexample: Type.Optional(CounterexampleSchema),
  },
  { ...closed, description: "One behaviour's verdict for one implementation and profile." },
);

const ErroredRunSchema = Type.Object(
  {
    run: count('Index of the generated scenario in the run (with the seed, it names the scenario).'),
    reason: Type.String({
      description: 'crashed, hung, protocol, invalid-observation or reported-error (docs/protocol.md).',
    }),
    message: Type.String(),
    stderr: Type.String({ description: 'What the implementation wrote on stderr while it ran (tail).' }),
    file: Type.Optional(
      Type.String({
        description: 'The failed-scenario file, relative to the report; `replay` runs the scenario again.',
      }),
    ),
  },
  closed,
);

const SummarySchema = Type.Object(
  {
    holds: count('Behaviours that hold.'),
    violated: count('Behaviours violated.'),
    'not-exercised': count('Behaviours whose situation never occurred.'),
    undecidable: count('Behaviours the data could not decide.'),
    errored: count('Behaviours that could not be judged because the implementation failed.'),
    skipped: count('Behaviours skipped (with a reason).'),
    conforms: Type.Boolean(),
    exitCode: oneOf([0, 1, 2, 3] as const, '0 conforms, 1 violated, 2 inconclusive, 3 broken.'),
  },
  closed,
);

const ImplementationRunSchema = Type.Object(
  {
    implementation: Type.String({ description: "'reference simulator', a module path or a command line." }),
    source: Type.Optional(
      oneOf(
        ['generated', 'trace'] as const,
        'Generated scenarios (default) or an exported trace (check-trace).',
      ),
    ),
    profile: oneOf(PROFILE_NAMES),
    merge: oneOf(MERGE_VARIANTS),
    seed: Type.Integer(),
    runs: count('Generated scenarios.'),
    erroredRuns: count(
      'Scenarios the implementation failed (crashed, hung, broke the protocol), all of them.',
    ),
    errored: Type.Array(ErroredRunSchema, {
      description: `Scenarios the implementation failed: the first ${ERRORED_LISTED} of erroredRuns.`,
    }),
    stopped: Type.Optional(
      Type.Object(
        {
          after: count('Scenarios run before the run stopped (of runs).'),
          why: Type.String({ description: 'Why it stopped, in one sentence.' }),
        },
        {
          ...closed,
          description: `Present when the run stopped early: --stop-after (default ${CHECKING.brokenStreak}) scenarios in a row crashed or hung, so the implementation is broken; the rest were not run.`,
        },
      ),
    ),
    partial: Type.Optional(
      Type.String({
        description:
          'A partial implementation: what its declaration leaves out (docs/protocol.md, "Declaring a partial implementation").',
      }),
    ),
    unsupportedRuns: Type.Optional(
      count('Scenarios the implementation answered "unsupported" to: skipped, not failed.'),
    ),
    unsupported: Type.Optional(
      Type.Array(
        Type.Object(
          { run: count('Index of the generated scenario in the run.'), message: Type.String() },
          closed,
        ),
        { description: `The first ${ERRORED_LISTED} of unsupportedRuns, with the implementation's words.` },
      ),
    ),
    behaviours: Type.Array(BehaviourResultSchema),
    summary: SummarySchema,
  },
  { ...closed, description: 'One implementation under one profile.' },
);

export const ReportSchema = Type.Object(
  {
    schemaVersion: Type.Literal(REPORT_SCHEMA_VERSION),
    suite: Type.Object(
      { name: Type.Literal('sentinel-conformance'), version: Type.String({ minLength: 1 }) },
      closed,
    ),
    article: Type.Object(
      {
        file: Type.String(),
        sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }),
      },
      closed,
    ),
    runs: Type.Array(ImplementationRunSchema, { description: 'One per implementation and profile.' }),
  },
  { ...closed, description: 'A sentinel-conformance report (report.json).' },
);

export type ReportFromSchema = Static<typeof ReportSchema>;

/** docs/schema/report.schema.json, exactly as committed. */
export function reportSchemaDocument(): string {
  const plain = JSON.parse(JSON.stringify(ReportSchema)) as Record<string, unknown>;
  const document = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'sentinel-conformance report',
    'x-report-schema-version': REPORT_SCHEMA_VERSION,
    ...plain,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
