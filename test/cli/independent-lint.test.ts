/**
 * `lint --config` tried as a SOC engineer would, on configurations written apart from the project and judged
 * against the article: the bad configuration files each give one line naming the file and the field (exit 3);
 * the pitfalls the article warns about are shown even where no advice (ADV-…) covers them; the prediction
 * table tells 'no' from 'not applicable' as the behaviour matrix does.
 */
import { execFile } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { WorkspaceConfig } from '../../model/config.ts';
import {
  behaviourMatrix,
  matrixCell,
  matrixConfig,
  matrixKeys,
  renderBehaviourMatrix,
} from '../../src/report/behaviour-matrix.ts';
import { lintConfig, renderLint } from '../../src/trace-check/lint.ts';
import { cleanUp, cli, ROOT, temporaryDir } from './support.ts';

afterAll(cleanUp);

const SUB = ['11111111-2222-4333-8444-555555555551', '11111111-2222-4333-8444-555555555552'];
const MDC_RULE = { name: 'MDC', productFilter: ['Azure Security Center'], severitiesFilter: [] };

function workspace(part: Partial<WorkspaceConfig> = {}): WorkspaceConfig {
  return {
    subscriptions: SUB,
    subscriptionConnector: [],
    tenantConnector: false,
    xdrMdcSetting: 'All alerts',
    xdrConnector: false,
    incidentRules: [],
    ...part,
  } as WorkspaceConfig;
}

function file(name: string, text: string | Buffer): string {
  const path = join(temporaryDir('sc-lint-'), name);
  writeFileSync(path, text);
  return path;
}

function expectOneLine(outcome: { code: number; stdout: string; stderr: string }, pattern: RegExp) {
  expect(outcome.code, outcome.stderr).toBe(3);
  expect(outcome.stdout).toBe('');
  const lines = outcome.stderr.trimEnd().split('\n');
  expect(lines[0]).toMatch(pattern);
  // One line of error, then at most the pointer to --help; never a stack trace.
  expect(
    lines.filter((l) => !l.startsWith('(see ')),
    outcome.stderr,
  ).toHaveLength(1);
  expect(outcome.stderr).not.toMatch(/^\s+at |NaN|undefined/m);
}

describe('a configuration file with a key given twice', () => {
  const text = JSON.stringify(workspace({ tenantConnector: true, xdrConnector: true }), null, 1);

  it('should be one line naming the file and the key, not last-wins', async () => {
    const twice = file(
      'twice.json',
      text.replace('"tenantConnector": true', '"tenantConnector": true, "tenantConnector": false'),
    );
    expectOneLine(
      await cli(['lint', '--config', twice]),
      /^error: twice\.json: tenantConnector: named twice \(line \d+, column \d+\)/,
    );
  });

  it('should name a nested key by its path, also when spelt with \\u escapes', async () => {
    const nested = JSON.stringify(
      workspace({ incidentRules: [MDC_RULE] as WorkspaceConfig['incidentRules'] }),
    ).replace('"severitiesFilter":[]', '"severitiesFilter":[],"severities\\u0046ilter":["High"]');
    expectOneLine(
      await cli(['lint', '--config', file('nested.json', nested)]),
      /^error: nested\.json: incidentRules\[0\]\.severitiesFilter: named twice/,
    );
  });
});

describe('a field the format does not have', () => {
  it('should name the field it was probably meant to be', async () => {
    const text = JSON.stringify(workspace({ incidentRules: [MDC_RULE] as WorkspaceConfig['incidentRules'] }))
      .replace('"tenantConnector"', '"tenantconnector"')
      .replace('"severitiesFilter"', '"severityFilter"');
    expectOneLine(
      await cli(['lint', '--config', file('typo.json', text)]),
      /^error: typo\.json: tenantconnector: expected no such field, received false \(did you mean tenantConnector\?\)$/,
    );
    const rule = JSON.stringify(
      workspace({ incidentRules: [MDC_RULE] as WorkspaceConfig['incidentRules'] }),
    ).replace('"severitiesFilter"', '"severityFilter"');
    expectOneLine(
      await cli(['lint', '--config', file('rule.json', rule)]),
      /^error: rule\.json: incidentRules\[0\]\.severit.*did you mean severitiesFilter\?/,
    );
  });
});

describe('an empty configuration file', () => {
  it('should say it is empty, in one line', async () => {
    for (const text of ['', '  \n\t\n', '\uFEFF']) {
      expectOneLine(
        await cli(['lint', '--config', file('empty.json', text)]),
        /^error: empty\.json: the file is empty: expected a JSON object \(a WorkspaceConfig\)$/,
      );
    }
  });
});

describe('a configuration file that is not UTF-8', () => {
  it('should be one line saying so, not a subscription with a replacement character', async () => {
    const latin1 = Buffer.from(
      JSON.stringify(workspace({ subscriptions: ['caf\u00e9'], subscriptionConnector: [] })),
      'latin1',
    );
    expectOneLine(
      await cli(['lint', '--config', file('latin1.json', latin1)]),
      /^error: latin1\.json: not UTF-8 text \(line 1, column \d+\)/,
    );
  });
});

describe('a subscription spelt in upper case in one place and lower case in another', () => {
  it('should be the one subscription the loader takes it for, not an uncovered one', async () => {
    const upper = SUB[0]?.toUpperCase().replace('11111111', 'AAAAAAAA') ?? '';
    const text = JSON.stringify(
      workspace({
        subscriptions: [upper],
        subscriptionConnector: [{ subscription: upper.toLowerCase(), sync: true }],
        incidentRules: [MDC_RULE] as WorkspaceConfig['incidentRules'],
      }),
    );
    const outcome = await cli(['lint', '--config', file('case.json', text)]);
    expect(outcome.stdout).not.toContain('ADV-SUB-COVERAGE');
    expect(outcome.code, outcome.stdout).toBe(0);
    expect(outcome.stdout).toMatch(/\| High \| subscription connector \(1 row\) \|/);
  });
});

describe('--config given twice', () => {
  it('should be refused rather than the last one used silently', async () => {
    const a = file('a.json', JSON.stringify(workspace()));
    const b = file('b.json', JSON.stringify(workspace({ tenantConnector: true })));
    const outcome = await cli(['lint', '--config', a, '--config', b]);
    expect(outcome.code).toBe(3);
    expect(outcome.stderr).toMatch(/^error: --config given twice/);
  });
});

describe('pitfalls the article warns about that no advice covers', () => {
  it('should show that an MDC connector without a rule or the XDR connector makes no incident (article L65)', () => {
    // "To generate incidents for the created MDC detections, a ‘Microsoft incident creation rule’ must be deployed."
    for (const part of [
      { tenantConnector: true },
      { subscriptionConnector: SUB.map((subscription) => ({ subscription, sync: true })) },
    ]) {
      const result = lintConfig(workspace(part));
      expect(result.findings).toEqual([]);
      const text = renderLint(result, 'ws.json', { plain: true });
      expect(text).toMatch(/⚠ no incident/);
      expect(text).toContain('RULE-REQUIRED');
      expect(text).toMatch(/not an advice finding/i);
    }
  });

  it('should show the XDR connector at No alerts bringing no incident (article L147)', () => {
    const result = lintConfig(
      workspace({
        subscriptionConnector: SUB.map((subscription) => ({ subscription, sync: true })),
        xdrMdcSetting: 'No alerts',
        xdrConnector: true,
      }),
    );
    expect(renderLint(result, 'ws.json', { plain: true })).toMatch(/⚠ no incident/);
  });

  it('should show what the recommended set-up gives up, without a finding', () => {
    const result = lintConfig(workspace({ tenantConnector: true, xdrConnector: true }));
    expect(result.findings).toEqual([]);
    const text = renderLint(result, 'ws.json', { plain: true });
    expect(text).toMatch(/\| Informational \|[^\n]*⚠ Informational lost/);
    expect(text).not.toMatch(/\| High \|[^\n]*⚠/);
  });

  it('should show no problem for a sound set-up: the subscription connector with sync and one rule', () => {
    const result = lintConfig(
      workspace({
        subscriptionConnector: SUB.map((subscription) => ({ subscription, sync: true })),
        incidentRules: [MDC_RULE] as WorkspaceConfig['incidentRules'],
      }),
    );
    expect(result.findings).toEqual([]);
    expect(renderLint(result, 'ws.json', { plain: true })).not.toContain('⚠');
  });

  it('should show the duplicate incidents and the rule incident left New next to ADV-NO-RULE-WITH-XDR', () => {
    const result = lintConfig(
      workspace({
        tenantConnector: true,
        xdrConnector: true,
        incidentRules: [MDC_RULE] as WorkspaceConfig['incidentRules'],
      }),
    );
    const text = renderLint(result, 'ws.json', { plain: true });
    expect(text).toMatch(/\| High \|[^\n]*⚠ duplicate incidents, ⚠ rule incident left New/);
    expect(text).toMatch(/⚠ duplicate incidents: [^\n]*ADV-NO-RULE-WITH-XDR/);
  });

  it('should keep the exit code to the advice findings, as documented', async () => {
    const tenantOnly = file('tenant.json', JSON.stringify(workspace({ tenantConnector: true })));
    const outcome = await cli(['lint', '--config', tenantOnly]);
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toMatch(/⚠ no incident/);
  });
});

describe('a predicted problem that a finding warns of', () => {
  it('should say so, never that the exit code does not count it while lint exits 1 for it', () => {
    const cases: [Partial<WorkspaceConfig>, string, string][] = [
      [{}, 'nothing arrives', 'ADV-SUB-COVERAGE'],
      [{ xdrConnector: true, xdrMdcSetting: 'No alerts' }, 'nothing arrives', 'ADV-SUB-COVERAGE'],
      [{ tenantConnector: true, xdrMdcSetting: 'No alerts' }, 'nothing arrives', 'ADV-ALL-ALERTS-FOR-TENANT'],
      [
        { tenantConnector: true, xdrMdcSetting: 'No alerts' },
        'tenant connector silenced',
        'ADV-ALL-ALERTS-FOR-TENANT',
      ],
      [{ xdrConnector: true }, 'empty incident', 'ADV-MDC-CONNECTOR-WITH-XDR'],
    ];
    for (const [part, problem, id] of cases) {
      const text = renderLint(lintConfig(workspace(part)), 'ws.json', { plain: true });
      const line = text.split('\n').find((l) => l.startsWith(`- ⚠ ${problem}:`)) ?? '';
      expect(line, JSON.stringify(part)).toContain(`The finding ${id} above warns of it.`);
    }
  });
});

describe("the prediction table's answers", () => {
  it("should tell 'no' (the incident exists, the sync does not work) from 'n/a' (no such incident)", () => {
    // The tenant connector and a rule: a rule incident whose close never reaches MDC (TEN-NO-SYNC); no XDR incident.
    const result = lintConfig(
      workspace({ tenantConnector: true, incidentRules: [MDC_RULE] as WorkspaceConfig['incidentRules'] }),
    );
    const text = renderLint(result, 'ws.json', { plain: true });
    const high = text.split('\n').find((line) => line.includes('| High |')) ?? '';
    const cells = high.split(' | ');
    expect(text).not.toContain('—');
    // Empty, Sentinel → MDC (rule / XDR), XDR → Sentinel, MDC → incident.
    expect(cells.slice(5, 9)).toEqual(['n/a', 'no / n/a', 'n/a', 'no']);
    expect(text).toMatch(/n\/a: /);
  });
});

describe('lint and the behaviour matrix', () => {
  it("should show, for each of the matrix's 48 configurations, the problems the matrix flags on its row", () => {
    for (const key of matrixKeys()) {
      const row = matrixCell(key);
      const shown = new Set(lintConfig(matrixConfig(key)).problems.flatMap((p) => p.problems));
      expect([...shown].sort(), JSON.stringify(key)).toEqual([...row.problems].sort());
    }
  });

  it('should no longer say that lint does not warn of a problem', () => {
    const text = renderBehaviourMatrix(behaviourMatrix());
    expect(text).not.toContain('does not warn about it (yet)');
    expect(text).toMatch(/`lint` shows it as a predicted problem/);
  });
});

describe('an empty --out', () => {
  function inDir(cwd: string, argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      execFile(
        process.execPath,
        [join(ROOT, 'bin/sentinel-conformance.mjs'), ...argv],
        { cwd, timeout: 120_000 },
        (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
      );
    });
  }

  it('should be refused in one line, writing nothing where the command runs (an unset $OUT)', async () => {
    for (const argv of [
      ['matrix', '--out', ''],
      ['run', '--runs', '1', '--profile', 'ideal', '--out', ''],
    ]) {
      const cwd = temporaryDir('sc-empty-out-');
      const outcome = await inDir(cwd, argv);
      expect(outcome.code, `${argv[0]}: ${outcome.stderr}`).toBe(3);
      expect(outcome.stderr.trimEnd()).toMatch(/^error: --out is empty/);
      expect(outcome.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(readdirSync(cwd), argv[0]).toEqual([]);
    }
  });
});

describe("lint's Markdown (a file, a pipe, a CI log)", () => {
  it('should escape only what Markdown would misread, so that a CI log reads as plain text', async () => {
    const rule = { ...MDC_RULE, name: 'MDC | a*b_c `x` <y>' };
    const config = workspace({
      subscriptionConnector: SUB.map((subscription) => ({ subscription, sync: true })),
      xdrConnector: true,
      incidentRules: [rule] as WorkspaceConfig['incidentRules'],
    });
    const outcome = await cli(['lint', '--config', file('ws.json', JSON.stringify(config))]);
    expect(outcome.code).toBe(1);
    // No escape before ( ) [ ] + ' : what the issue saw on a CI log.
    expect(outcome.stdout).not.toMatch(/\\[()[\]+'!#{}~.-]/);
    expect(outcome.stdout).toContain("('Microsoft XDR')");
    expect(outcome.stdout).toContain("(severitiesFilter ['Informational'])");
    // What Markdown would misread is escaped: a table cell's bar, emphasis, code, HTML.
    expect(outcome.stdout).toContain('MDC \\| a\\*b\\_c \\`x\\` &lt;y&gt;');
  });
});
