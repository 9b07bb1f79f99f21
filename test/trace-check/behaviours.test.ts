/**
 * Each trace-checkable behaviour on hand-made traces (test/fixtures/trace-check, real export formats): one
 * where it holds (or, for a quirk, is seen), one where it is violated (or not seen), named by the rows that
 * show it. The conforming workspaces (good-*, sub-only-*, xdr-only-*) hold every behaviour they can judge.
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { type CheckTraceOptions, checkTrace, type TraceCheckResult } from '../../src/trace-check/check.ts';
import { fixtureFiles } from '../fixtures/trace-check/make-fixtures.ts';
import { fixture, verdictOf } from './support.ts';

const cache = new Map<string, Promise<TraceCheckResult>>();

/** Checks fixture files (by name); results are shared between tests. */
function check(alerts: string, incidents?: string, config?: string): Promise<TraceCheckResult> {
  const key = `${alerts}|${incidents}|${config}`;
  let found = cache.get(key);
  if (!found) {
    const options: CheckTraceOptions = {
      alerts: fixture(alerts),
      incidents: incidents === undefined ? undefined : fixture(incidents),
      config: config === undefined ? undefined : fixture(config),
    };
    found = checkTrace(options);
    cache.set(key, found);
  }
  return found;
}

afterAll(() => cache.clear());

interface Case {
  id: string;
  holds: [string, string?, string?];
  violated: [string, string?, string?];
  /** File rows of the first witness in the violating trace. */
  rows: number[];
}

const GOOD: [string, string, string] = ['good-alerts.la.json', 'good-incidents.la.json', 'config-both.json'];
const SUB_ONLY: [string, string, string] = [
  'sub-only-alerts.csv',
  'sub-only-incidents.csv',
  'config-sub-only.json',
];
const XDR_ONLY: [string, string, string] = [
  'xdr-only-alerts.array.json',
  'xdr-only-incidents.array.json',
  'config-xdr-only.json',
];

const MUST_CASES: Case[] = [
  { id: 'ALERT-ID-STABLE', holds: GOOD, violated: ['alert-ids.csv'], rows: [1, 2] },
  {
    id: 'ALERT-STATUS-NEW-ROW',
    holds: GOOD,
    violated: ['status-disagree.la.json', undefined, 'config-both.json'],
    rows: [3, 2],
  },
  {
    id: 'SUB-LINK',
    holds: GOOD,
    violated: ['links.array.json', undefined, 'config-sub-only.json'],
    rows: [2],
  },
  {
    id: 'TEN-LINK',
    holds: GOOD,
    violated: ['links.array.json', undefined, 'config-tenant-only.json'],
    rows: [1],
  },
  {
    id: 'SUB-SCOPE',
    holds: SUB_ONLY,
    violated: ['sub-scope.csv', undefined, 'config-sub-only.json'],
    rows: [1],
  },
  {
    id: 'TEN-VIA-XDR',
    holds: SUB_ONLY,
    violated: ['tenant-row.csv', undefined, 'config-sub-only.json'],
    rows: [1],
  },
  {
    id: 'BOTH-DUPLICATES',
    holds: GOOD,
    violated: ['one-connector.la.json', undefined, 'config-both.json'],
    rows: [2],
  },
  { id: 'DOC-TEN-NO-INFORMATIONAL', holds: GOOD, violated: ['tenant-informational.csv'], rows: [1] },
  { id: 'DOC-TIME-ORDER', holds: GOOD, violated: ['time-order.csv'], rows: [1] },
  {
    id: 'DOC-MDC-NAME-ENCODES-START',
    holds: ['legacy-good.csv'],
    violated: ['legacy-bad-start.csv'],
    rows: [2],
  },
  {
    id: 'DOC-INCIDENT-APPEND-ONLY',
    holds: GOOD,
    violated: ['three-alerts.la.json', 'incidents-rewritten.array.json'],
    rows: [1, 2],
  },
  {
    id: 'RULE-ONE-INCIDENT',
    holds: GOOD,
    violated: ['three-alerts.la.json', 'two-rule-incidents.la.json'],
    rows: [1, 2],
  },
  {
    id: 'DOC-RULES-ONE-INCIDENT',
    holds: GOOD,
    violated: ['three-alerts.la.json', 'two-incidents-other-alert.la.json'],
    rows: [1, 2],
  },
  { id: 'XDR-REDIRECT', holds: GOOD, violated: ['three-alerts.la.json', 'redirect-broken.csv'], rows: [2] },
  {
    id: 'DOC-NO-MERGE-CLOSED',
    holds: GOOD,
    violated: ['three-alerts.la.json', 'merge-closed.csv'],
    rows: [2, 3],
  },
  {
    id: 'XDR-DUPLICATE-INCIDENTS',
    holds: GOOD,
    violated: ['three-alerts.la.json', 'rule-incident-only.la.json', 'config-both.json'],
    rows: [1],
  },
  {
    id: 'XDR-EMPTY-WITHOUT-MDC-CONNECTOR',
    holds: XDR_ONLY,
    violated: ['three-alerts.la.json', 'xdr-holds-alert.la.json', 'config-xdr-only.json'],
    rows: [2],
  },
  {
    id: 'XDR-NO-ALERTS-NO-INCIDENTS',
    holds: SUB_ONLY,
    violated: ['three-alerts.la.json', 'xdr-holds-alert.la.json', 'config-no-alerts-xdr.json'],
    rows: [1],
  },
  {
    id: 'RULE-REQUIRED',
    holds: SUB_ONLY,
    violated: ['three-alerts.la.json', 'sentinel-holds-alert.la.json', 'config-sub-only.json'],
    rows: [2, 1],
  },
  {
    id: 'RULE-PRODUCT-FILTER',
    holds: GOOD,
    violated: ['three-alerts.la.json', 'sentinel-holds-alert.la.json', 'config-rule-high.json'],
    rows: [2, 1],
  },
];

describe('must behaviours on hand-made traces', () => {
  for (const c of MUST_CASES) {
    describe(c.id, () => {
      it('should hold on a trace that follows it', async () => {
        const verdict = verdictOf(await check(...c.holds), c.id);
        expect(verdict.status, verdict.detail).toBe('holds');
        expect(verdict.situations).toBeGreaterThan(0);
      });

      it('should be violated, witnessed by file rows, on a trace that breaks it', async () => {
        const verdict = verdictOf(await check(...c.violated), c.id);
        expect(verdict.status, verdict.detail).toBe('violated');
        const first = verdict.witnesses[0];
        expect(first?.rows.map((r) => r.fileRow)).toEqual(c.rows);
        expect(
          first?.rows.every((r) => r.systemAlertId !== undefined || r.incidentNumber !== undefined),
        ).toBe(true);
      });
    });
  }
});

describe('ALERT-ID-STABLE, both ways', () => {
  it('should count an alert with two ids and two alerts sharing one', async () => {
    const verdict = verdictOf(await check('alert-ids.csv'), 'ALERT-ID-STABLE');
    expect(verdict.violations).toBe(2);
    expect(verdict.witnesses.map((w) => w.rows.map((r) => r.fileRow))).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(verdict.witnesses[1]?.message).toMatch(/share one SystemAlertId/);
  });
});

describe('the typical TEN-SLOWER', () => {
  it('should hold when the tenant connector is mostly the later one', async () => {
    const verdict = verdictOf(await check(...GOOD), 'TEN-SLOWER');
    expect(verdict).toMatchObject({ status: 'holds', situations: 21, rate: 1 });
  });

  it('should be violated when it is mostly the first one, over enough alerts', async () => {
    const verdict = verdictOf(await check('tenant-first.la.json'), 'TEN-SLOWER');
    expect(verdict).toMatchObject({ status: 'violated', situations: 24, rate: 0 });
  });

  it('should be undecidable on too few alerts', async () => {
    const verdict = verdictOf(await check('status-disagree.la.json'), 'TEN-SLOWER');
    expect(verdict).toMatchObject({ status: 'undecidable', cause: 'trace-too-short', situations: 1 });
  });
});

describe('quirks on hand-made traces', () => {
  const QUIRKS: [string, number][] = [
    ['Q-TENANT-REPEATS', 1],
    ['Q-FUTURE-TIME', 2],
    ['Q-NON-UTC-STARTTIME', 1],
    ['Q-INCIDENT-BEFORE-ALERT', 1],
  ];
  for (const [id, times] of QUIRKS) {
    it(`should count ${id} where the good workspace shows it (${times}), and nowhere in a plain trace`, async () => {
      const seen = verdictOf(await check(...GOOD), id);
      expect(seen).toMatchObject({ status: 'holds', occurrences: times });
      expect(seen.witnesses).toHaveLength(times);
      const plain = verdictOf(await check(...SUB_ONLY), id);
      expect(plain).toMatchObject({ status: 'not-exercised', occurrences: 0 });
    });
  }

  it('should name the repeated row and its original', async () => {
    const seen = verdictOf(await check(...GOOD), 'Q-TENANT-REPEATS');
    const rows = seen.witnesses[0]?.rows ?? [];
    expect(rows.map((r) => r.systemAlertId)).toEqual([
      '5f1c0a7e-0000-4000-8000-000000000002',
      '5f1c0a7e-0000-4000-8000-000000000002',
    ]);
    expect(rows[0]?.fileRow).toBeLessThan(rows[1]?.fileRow ?? 0);
  });
});

describe('conforming workspaces', () => {
  for (const [name, files, advice] of [
    ['both connectors, XDR connector and a rule', GOOD, 'ADV-NO-RULE-WITH-XDR'],
    ['the subscription connector alone', SUB_ONLY, 'ADV-SUB-COVERAGE'],
    ['the XDR connector alone', XDR_ONLY, 'ADV-MDC-CONNECTOR-WITH-XDR'],
  ] as const) {
    it(`should violate nothing, and exit 1 only for the configuration's pitfall: ${name}`, async () => {
      const result = await check(...files);
      const violated = result.verdicts.filter((v) => v.status === 'violated').map((v) => v.id);
      // Each fixture configuration has one pitfall the article warns about: a finding, as lint says.
      expect(violated).toEqual([advice]);
      expect(result.exitCode).toBe(1);
    });
  }
});

describe('undecidable', () => {
  it('should say which column is missing', async () => {
    const result = await check('no-link-column.csv');
    for (const id of ['SUB-LINK', 'TEN-LINK', 'ALERT-STATUS-NEW-ROW', 'DOC-TEN-NO-INFORMATIONAL']) {
      const verdict = verdictOf(result, id);
      expect(verdict.status).toBe('undecidable');
      expect(verdict.cause).toBe('missing-column');
      expect(verdict.detail).toMatch(/no (AlertLink|Status)/);
    }
  });

  it('should ask for the configuration when none is given, and exit 2', async () => {
    const result = await check(GOOD[0], GOOD[1]);
    for (const id of ['XDR-DUPLICATE-INCIDENTS', 'SUB-SCOPE', 'BOTH-DUPLICATES', 'ADV-NO-RULE-WITH-XDR']) {
      expect(verdictOf(result, id)).toMatchObject({ status: 'undecidable', cause: 'needs-config' });
    }
    expect(result.exitCode).toBe(2);
  });

  it('should ask for the incidents export when none is given', async () => {
    const result = await check(GOOD[0]);
    for (const id of [
      'RULE-ONE-INCIDENT',
      'XDR-REDIRECT',
      'DOC-INCIDENT-APPEND-ONLY',
      'Q-INCIDENT-BEFORE-ALERT',
    ]) {
      expect(verdictOf(result, id)).toMatchObject({ status: 'undecidable', cause: 'needs-incidents' });
    }
  });

  it('should call a trace too short when its only alert is raised near the end', async () => {
    const verdict = verdictOf(
      await check('one-connector-late.la.json', undefined, 'config-both.json'),
      'BOTH-DUPLICATES',
    );
    expect(verdict).toMatchObject({ status: 'undecidable', cause: 'trace-too-short' });
  });

  it('should list every other behaviour as undecidable from the tables, with a reason', async () => {
    const result = await check(...GOOD);
    const fromTables = result.verdicts.filter((v) => v.cause === 'not-in-tables');
    expect(fromTables.length).toBe(21);
    for (const v of fromTables) expect(v.detail.length).toBeGreaterThan(40);
    expect(verdictOf(result, 'ALERT-APPEND-ONLY').detail).toMatch(/status history/);
    expect(result.verdicts).toHaveLength(50);
  });

  it('should exit 0 when only what no export can decide is undecidable', async () => {
    // config-sub-only.json without the subscription it leaves uncovered (ADV-SUB-COVERAGE's pitfall).
    const config = JSON.parse(readFileSync(fixture(SUB_ONLY[2]), 'utf8'));
    config.subscriptions = config.subscriptions.slice(0, 1);
    const result = await checkTrace({
      alerts: fixture(SUB_ONLY[0]),
      incidents: fixture(SUB_ONLY[1]),
      config,
    });
    expect(result.verdicts.filter((v) => v.status === 'violated').map((v) => v.id)).toEqual([]);
    expect(result.exitCode).toBe(0);
  });
});

describe('the fixtures', () => {
  it('should be what make-fixtures.ts writes', () => {
    for (const [name, content] of Object.entries(fixtureFiles())) {
      expect(
        readFileSync(fixture(name), 'utf8'),
        `${name}: run npx tsx test/fixtures/trace-check/make-fixtures.ts`,
      ).toBe(content);
    }
  });
});

describe('constants shared with the model', () => {
  it("should judge TEN-SLOWER against the model's own rate", async () => {
    const { behaviourById } = await import('../../model/invariants/index.ts');
    const { TEN_SLOWER_MIN_RATE } = await import('../../src/trace-check/verdicts.ts');
    const check = behaviourById('TEN-SLOWER');
    expect(check.kind === 'typical' ? check.minRate : null).toBe(TEN_SLOWER_MIN_RATE);
  });
});
