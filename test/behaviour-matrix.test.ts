import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { behaviourById } from '../model/invariants/index.ts';
import {
  behaviourMatrix,
  isRecommended,
  type MatrixKey,
  type MatrixRow,
  matrixCell,
  matrixKeys,
  PROBLEMS,
  type Problem,
  renderBehaviourMatrix,
} from '../src/report/behaviour-matrix.ts';

describe('the behaviour matrix', () => {
  it('should cover every combination of the five settings once (3 × 2 × 2 × 2 × 2)', () => {
    const keys = matrixKeys();
    expect(keys).toHaveLength(48);
    expect(new Set(keys.map((k) => JSON.stringify(k))).size).toBe(48);
  });

  it('should bring the alert through the subscription connector but make no incident without a rule (L27, L41)', () => {
    const cell = matrixCell(key({ subscription: 'on' }));
    expect(cell.alertVia).toEqual(['subscription']);
    expect(cell.incidents).toEqual([]);
  });

  it('should make one Azure Sentinel incident with a rule, synced back to MDC only with sync on (L48, L56, L61)', () => {
    expect(matrixCell(key({ subscription: 'on', rule: true }))).toMatchObject({
      incidents: ['Azure Sentinel'],
      ruleCloseToMdc: false,
    });
    expect(matrixCell(key({ subscription: 'on+sync', rule: true }))).toMatchObject({
      incidents: ['Azure Sentinel'],
      ruleCloseToMdc: true,
    });
  });

  it('should leave the incident intact when the alert is closed in MDC (L54)', () => {
    expect(matrixCell(key({ subscription: 'on+sync', rule: true })).mdcCloseToIncident).toBe(false);
  });

  it('should bring duplicates through both connectors under one incident (L85, L87)', () => {
    expect(matrixCell(key({ subscription: 'on', tenant: true, rule: true }))).toMatchObject({
      alertVia: ['subscription', 'tenant'],
      alertRows: 2,
      incidents: ['Azure Sentinel'],
    });
  });

  it("should silence the tenant connector under 'No alerts' (L98)", () => {
    expect(matrixCell(key({ tenant: true, xdrSetting: 'No alerts', rule: true })).alertVia).toEqual([]);
  });

  it("should forward nothing from XDR with 'All alerts' and the tenant connector off (L108)", () => {
    expect(matrixCell(key({ subscription: 'on' })).alertVia).toEqual(['subscription']);
  });

  it('should bring an empty XDR incident when no MDC connector is on (L136)', () => {
    expect(matrixCell(key({ xdrConnector: true }))).toMatchObject({
      alertVia: [],
      incidents: ['Microsoft XDR'],
      emptyIncident: true,
    });
  });

  it('should bring the XDR incident whichever MDC connector is on, with the alert under it (L129, L136)', () => {
    for (const part of [{ subscription: 'on' as const }, { tenant: true }]) {
      expect(matrixCell(key({ ...part, xdrConnector: true }))).toMatchObject({
        incidents: ['Microsoft XDR'],
        emptyIncident: false,
      });
    }
  });

  it('should sync incident closure both ways through the XDR connector (L131)', () => {
    expect(matrixCell(key({ tenant: true, xdrConnector: true }))).toMatchObject({
      xdrCloseToMdc: true,
      xdrToSentinel: true,
    });
  });

  it('should duplicate incidents when a rule is on top of the XDR connector (L153)', () => {
    expect(matrixCell(key({ tenant: true, xdrConnector: true, rule: true })).incidents).toEqual([
      'Azure Sentinel',
      'Microsoft XDR',
    ]);
  });

  it("should bring no XDR incident under 'No alerts' (L147)", () => {
    expect(
      matrixCell(key({ subscription: 'on', xdrSetting: 'No alerts', xdrConnector: true })).incidents,
    ).toEqual([]);
  });

  it('should bring no Informational alert through XDR: the tenant connector and the XDR connector never bring one (DOC-TEN-NO-INFORMATIONAL)', () => {
    expect(matrixCell(key({ tenant: true, xdrConnector: true })).informational).toEqual({
      alertVia: [],
      alertRows: 0,
      incidents: [],
    });
    const both = matrixCell(key({ subscription: 'on', tenant: true, xdrConnector: true }));
    expect(both.informational).toMatchObject({ alertVia: ['subscription'], alertRows: 1, incidents: [] });
    expect(both.incidents).toEqual(['Microsoft XDR']);
    expect(matrixCell(key({ subscription: 'on', rule: true })).informational.incidents).toEqual([
      'Azure Sentinel',
    ]);
  });

  it('should leave the rule incident New when the XDR incident is closed, in Sentinel or in XDR (L131, L153)', () => {
    const cell = matrixCell(key({ subscription: 'on+sync', xdrConnector: true, rule: true }));
    expect(cell.has).toEqual({ ruleIncident: true, xdrIncident: true });
    expect(cell.ruleLeftOpen).toBe(true);
    expect(cell.problems).toContain('rule-incident-left-open');
  });

  it('should tell "no" from "not applicable": no incident, nothing to close', () => {
    expect(matrixCell(key({ subscription: 'on' })).has).toEqual({ ruleIncident: false, xdrIncident: false });
    expect(matrixCell(key({ subscription: 'on', rule: true })).has).toEqual({
      ruleIncident: true,
      xdrIncident: false,
    });
  });

  it('should allow either connector first when both bring the alert, and the XDR incident first only where the observed profile allows it (TEN-SLOWER, Q-INCIDENT-BEFORE-ALERT)', () => {
    expect(matrixCell(key({ subscription: 'on', tenant: true })).firstRowVia).toEqual([
      'subscription',
      'tenant',
    ]);
    expect(matrixCell(key({ tenant: true })).firstRowVia).toEqual([]);
    expect(matrixCell(key({ tenant: true, xdrConnector: true })).xdrIncidentFirst).toEqual({
      ideal: false,
      observed: true,
    });
    expect(matrixCell(key({ xdrConnector: true })).xdrIncidentFirst).toBeNull();
  });
});

/**
 * Every row's problems against the spec's own conditions, worked out apart from the simulator: each problem
 * flags exactly the configurations the behaviours say have it.
 */
describe('the behaviour matrix as a document', () => {
  const rows = behaviourMatrix();
  const reachesXdr = (k: MatrixKey) => k.xdrSetting === 'All alerts';
  const sub = (k: MatrixKey) => k.subscription !== 'off';
  const tenantBrings = (k: MatrixKey) => k.tenant && reachesXdr(k);
  const xdrBrings = (k: MatrixKey) => k.xdrConnector && reachesXdr(k);
  const arrives = (k: MatrixKey) => sub(k) || tenantBrings(k);
  const expected: Record<Problem, (k: MatrixKey) => boolean> = {
    'nothing-arrives': (k) => !arrives(k) && !xdrBrings(k), // SUB-FORWARDS, TEN-VIA-XDR, XDR-NO-ALERTS-NO-INCIDENTS
    'no-incident': (k) => arrives(k) && !k.rule && !xdrBrings(k), // RULE-REQUIRED
    'tenant-silenced': (k) => k.tenant && !reachesXdr(k), // TEN-VIA-XDR
    'empty-incident': (k) => xdrBrings(k) && !arrives(k), // XDR-EMPTY-WITHOUT-MDC-CONNECTOR
    'duplicate-incidents': (k) => xdrBrings(k) && k.rule && arrives(k), // XDR-DUPLICATE-INCIDENTS
    'rule-incident-left-open': (k) => xdrBrings(k) && k.rule && arrives(k), // XDR-INCIDENT-SYNC syncs its own only
    'duplicate-rows': (k) => sub(k) && tenantBrings(k), // BOTH-DUPLICATES
    'informational-lost': (k) => !sub(k) && (tenantBrings(k) || xdrBrings(k)), // DOC-TEN-NO-INFORMATIONAL
    'informational-no-incident': (k) => sub(k) && xdrBrings(k) && !k.rule, // DOC-TEN-NO-INFORMATIONAL
  };

  it('should flag each problem on exactly the rows the behaviours give it', () => {
    for (const [problem, holds] of Object.entries(expected) as [Problem, (k: MatrixKey) => boolean][]) {
      const flagged = rows.filter((r) => r.problems.includes(problem)).map((r) => numberOf(r));
      const wanted = matrixKeys()
        .map((k, i) => (holds(k) ? i + 1 : 0))
        .filter((n) => n > 0);
      expect(flagged, problem).toEqual(wanted);
      expect(wanted.length, `${problem} flags no row`).toBeGreaterThan(0);
    }
  });

  it("should give the lint's advice on the problem rows it covers, and link only behaviours that exist", () => {
    const covers: Partial<Record<Problem, string>> = {
      'tenant-silenced': 'ADV-ALL-ALERTS-FOR-TENANT',
      'empty-incident': 'ADV-MDC-CONNECTOR-WITH-XDR',
      'duplicate-incidents': 'ADV-NO-RULE-WITH-XDR',
      'rule-incident-left-open': 'ADV-NO-RULE-WITH-XDR',
    };
    for (const r of rows)
      for (const p of r.problems)
        if (covers[p]) expect(r.advice, `${p} ${JSON.stringify(key(r))}`).toContain(covers[p]);
    for (const { see } of Object.values(PROBLEMS))
      for (const id of see) expect(() => behaviourById(id)).not.toThrow();
  });

  it("should mark the article's recommended set-up once: XDR connector, 'All alerts', the tenant connector, no rule (L149, L153)", () => {
    const marked = rows.filter(isRecommended);
    expect(marked.map(key)).toEqual([key({ tenant: true, xdrConnector: true })]);
    expect(marked[0]?.problems).toEqual(['informational-lost']);
    expect(marked[0]?.advice).toEqual([]);
  });

  it('should define every term it uses and keep "no" apart from "not applicable"', () => {
    const text = renderBehaviourMatrix(rows);
    for (const term of [
      '**Subscription**',
      '`on+sync`',
      '**Tenant**',
      '**XDR setting**',
      '**XDR connector**',
      '**Rule**',
      '`Rule`',
      '`XDR`',
      '`n/a`',
      '`no`',
      '★',
      '✓',
      '**What comes first**',
      '**Informational**',
    ])
      expect(text, term).toContain(term);
    expect(text).not.toContain('| — |');
    const closing = text.split('## Closing incidents')[1] ?? '';
    const row = (n: number) => closing.split('\n').find((l) => l.startsWith(`| ${n} |`)) ?? '';
    expect(row(1)).toMatch(/\| n\/a \| n\/a \| n\/a \| n\/a \| n\/a \| n\/a \|$/);
    // on, rule on: the rule incident exists and is not synced to MDC: "no"; no XDR incident: "n/a".
    expect(row(18)).toBe('| 18 | on | off | All alerts | off | on | n/a | no | n/a | n/a | n/a | no |');
  });

  it('should be what reports/behaviour-matrix.md holds (regenerate: npx tsx src/cli/main.ts matrix --out reports/behaviour-matrix.md)', () => {
    const committed = readFileSync(new URL('../reports/behaviour-matrix.md', import.meta.url), 'utf8');
    expect(committed).toBe(renderBehaviourMatrix(rows));
  });
});

/** The row's number in the matrix (1-based), found by its five settings. */
function numberOf(r: MatrixKey): number {
  const wanted = JSON.stringify(key(r));
  return matrixKeys().findIndex((k) => JSON.stringify(k) === wanted) + 1;
}

function key(r: MatrixKey | MatrixRow | Partial<MatrixKey>): MatrixKey {
  const k = {
    subscription: 'off',
    tenant: false,
    xdrSetting: 'All alerts',
    xdrConnector: false,
    rule: false,
    ...r,
  } as MatrixKey;
  return {
    subscription: k.subscription,
    tenant: k.tenant,
    xdrSetting: k.xdrSetting,
    xdrConnector: k.xdrConnector,
    rule: k.rule,
  };
}
