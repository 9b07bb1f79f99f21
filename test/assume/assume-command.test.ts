/**
 * `assume`: exit codes as `run`'s (0 holds, 1 broken, 2 never exercised, 3 bad input), a user's own
 * configuration with --config, and one clean line for every bad assumptions file, naming file and id.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { assumeCommand } from '../../src/cli/commands/assume.ts';

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

async function assume(...argv: string[]): Promise<Outcome> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    stderr += `${args.join(' ')}\n`;
  });
  try {
    const code = await assumeCommand(argv);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

/** A module that does not parse, written at test time (a file in the repository would fail Biome). */
const SYNTAX_ERROR = join(mkdtempSync(join(tmpdir(), 'assume-')), 'syntax-error.ts');
writeFileSync(SYNTAX_ERROR, 'export const x = {;\n');

const ONE_INCIDENT = 'examples/assumptions/one-incident-per-alert.ts';

afterEach(() => vi.restoreAllMocks());

describe('assume', () => {
  it('should exit 1 for one-incident-per-alert, listing the XDR connector with a rule among the broken classes, with a shrunk timeline', async () => {
    const r = await assume(ONE_INCIDENT, '--runs', '250');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      '| sub on+sync · tenant off · XDR setting All alerts · XDR connector on · rule on | broken |',
    );
    expect(r.stdout).toContain('XDR-DUPLICATE-INCIDENTS');
    expect(r.stdout).toMatch(
      /held by 2 incidents \(incident \d+ by Microsoft XDR, incident \d+ by Azure Sentinel\)/,
    );
    expect(r.stdout).toMatch(
      /Break in class [^\n]*XDR connector on · rule on:[\s\S]*alert A1 raised in sub-1/,
    );
  }, 300_000);

  it('should exit 0 for one-incident-per-alert in the example workspace with a rule and no Defender XDR connector', async () => {
    // examples/workspace-rule-only.json: the subscription connector (with sync) on both subscriptions, an MDC
    // rule, no tenant connector, no XDR connector: one connector, one rule, so one incident per alert.
    const r = await assume(ONE_INCIDENT, '--config', 'examples/workspace-rule-only.json', '--runs', '300');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('| your configuration (sub on+sync · tenant off');
    expect(r.stdout).toContain('| holds |');
  }, 300_000);

  it('should exit 1 for one-incident-per-alert in examples/workspace.json: an Informational alert gets no incident', async () => {
    // Its only rule is for another product, so the XDR connector makes the incidents; Defender XDR does not
    // take MDC's Informational alerts, so one arrives through the subscription connector with no incident.
    const r = await assume(ONE_INCIDENT, '--config', 'examples/workspace.json', '--runs', '300');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('| your configuration | broken |');
    expect(r.stdout).toMatch(/A\d is held by 0 incidents/);
    expect(r.stdout).toMatch(/alert A\d raised in [^\n]*\(Informational,/);
    expect(r.stdout).toContain('DOC-TEN-NO-INFORMATIONAL');
  }, 300_000);

  it('should exit 1 for one-incident-per-alert in a workspace with the XDR connector and a rule', async () => {
    const r = await assume(ONE_INCIDENT, '--config', 'test/assume/workspace-xdr-rule.json', '--runs', '300');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('by Microsoft XDR');
  }, 300_000);

  it('should exit 2 when no scenario exercises the assumption, and 0 when it holds wherever exercised', async () => {
    expect((await assume('test/assume/fixtures/never.js', '--runs', '49')).code).toBe(2);
    expect((await assume('test/assume/fixtures/always.js', '--runs', '49')).code).toBe(0);
  }, 300_000);

  it('should write the report with every broken class timeline to --out, as Markdown or JSON', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'assume-'));
    const md = join(dir, 'report.md');
    const json = join(dir, 'report.json');
    expect((await assume(ONE_INCIDENT, '--runs', '100', '--profile', 'ideal', '--out', md)).code).toBe(1);
    expect(readFileSync(md, 'utf8')).toContain(
      '<summary>sub off · tenant on · XDR setting All alerts · XDR connector on · rule on:',
    );
    expect((await assume(ONE_INCIDENT, '--runs', '100', '--profile', 'ideal', '--out', json)).code).toBe(1);
    const parsed = JSON.parse(readFileSync(json, 'utf8'));
    expect(parsed.assumptions[0].id).toBe('one-incident-per-alert');
    expect(parsed.assumptions[0].status).toBe('broken');
  }, 300_000);

  it('should give the same report for the same seed, and search configuration changes in your workspace with --with-changes', async () => {
    const args = [ONE_INCIDENT, '--runs', '98', '--seed', '7'];
    const first = await assume(...args);
    const second = await assume(...args);
    expect(second.stdout).toBe(first.stdout);
    const changes = await assume(
      ONE_INCIDENT,
      '--config',
      'test/assume/workspace-rule-only.json',
      '--with-changes',
      '--runs',
      '300',
    );
    expect(changes.code).toBe(1);
    expect(changes.stdout).toContain('with configuration changes | broken |');
  }, 300_000);

  const BAD: [string, string[], RegExp][] = [
    ['a missing file', ['test/assume/fixtures/absent.ts'], /^error: absent\.ts: no such file$/],
    [
      'a module that exports no assumption',
      ['test/assume/fixtures/no-assumptions.ts'],
      /^error: no-assumptions\.ts: exports no assumption/,
    ],
    [
      'an entry without a predicate',
      ['test/assume/fixtures/malformed.ts'],
      /^error: malformed\.ts: assumption no-predicate: holds: expected a function/,
    ],
    [
      'an unknown behaviour in explainedBy',
      ['test/assume/fixtures/unknown-behaviour.ts'],
      /^error: unknown-behaviour\.ts: assumption cites-nothing-real: explainedBy: unknown behaviour ID NOT-A-BEHAVIOUR$/,
    ],
    [
      'a predicate that throws',
      ['test/assume/fixtures/throws.ts', '--runs', '49'],
      /^error: throws\.ts: assumption throws-on-alerts: the predicate threw: boom$/,
    ],
    ['a module that does not parse', [SYNTAX_ERROR], /^error: syntax-error\.ts: cannot load the module: /],
    ['no FILE', [], /^error: assume needs a FILE/],
    [
      '--with-changes without --config',
      [ONE_INCIDENT, '--with-changes'],
      /^error: --with-changes goes with --config/,
    ],
    [
      'an --out that is neither .md nor .json',
      [ONE_INCIDENT, '--out', 'report.txt'],
      /^error: --out must name a \.md or \.json file/,
    ],
    [
      'a broken --config',
      [ONE_INCIDENT, '--config', 'test/assume/fixtures/absent.json'],
      /^error: absent\.json/,
    ],
  ];
  for (const [what, argv, line] of BAD) {
    it(`should exit 3 with one line for ${what}`, async () => {
      const r = await assume(...argv);
      expect(r.code).toBe(3);
      const lines = r.stderr.trim().split('\n');
      expect(lines[0]).toMatch(line);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(r.stdout).toBe('');
    }, 300_000);
  }

  it('should write nothing to --out when a predicate throws', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'assume-'));
    const md = join(dir, 'report.md');
    const r = await assume('test/assume/fixtures/throws.ts', '--runs', '49', '--out', md);
    expect(r.code).toBe(3);
    expect(existsSync(md)).toBe(false);
  }, 300_000);
});
