/**
 * End to end through main(): the conforming Python example passes and gets all four report formats; a copy
 * broken on purpose (its incident rule makes an incident per SecurityAlert row) fails with a counterexample
 * file, which `replay` fails again against the broken copy, naming the same behaviour, and passes against
 * the good simulator.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/report.ts';
import { ReportSchema } from '../../src/report/report-schema.ts';
import {
  cleanUp,
  cli,
  type Outcome,
  PYTHON_SIM,
  patchedPythonSim,
  RULE_PER_ROW,
  readJson,
  temporaryDir,
} from './support.ts';

afterAll(cleanUp);

const FORMATS = ['report.json', 'report.md', 'report.xml', 'report.html'];

describe('run --sut "python3 examples/python-sim/simulator.py"', () => {
  let out: string;
  let outcome: Outcome;

  beforeAll(async () => {
    out = temporaryDir();
    outcome = await cli(['run', '--sut', PYTHON_SIM, '--runs', '200', '--out', out]);
  }, 60_000);

  it('conforms: exit 0', () => {
    expect(outcome.stderr).not.toMatch(/violated|errored/);
    expect(outcome.code).toBe(0);
  });

  it('writes the four formats, and nothing else', () => {
    expect(readdirSync(out).sort()).toEqual([...FORMATS].sort());
    const report = readJson(join(out, 'report.json')) as Report;
    const behaviours = report.runs[0]?.behaviours.length ?? 0;
    expect(behaviours).toBe(50);
    expect([...TypeCompiler.Compile(ReportSchema).Errors(report)].map((e) => e.path)).toEqual([]);
    expect(report.runs.map((r) => [r.implementation, r.profile, r.runs, r.summary.exitCode])).toEqual([
      [PYTHON_SIM, 'ideal', 200, 0],
      [PYTHON_SIM, 'observed', 200, 0],
    ]);
    expect(outcome.stdout).toBe(readFileSync(join(out, 'report.md'), 'utf8'));
    const xml = readFileSync(join(out, 'report.xml'), 'utf8');
    expect(xml.match(/<testsuite /g)).toHaveLength(2);
    expect(xml.match(/<testcase /g)).toHaveLength(behaviours * 2);
    expect(xml).not.toMatch(/<failure|<error/);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html.match(/<tr class="behaviour"/g)).toHaveLength(behaviours);
    expect(html).toContain('Conforms');
    expect(outcome.stderr).toContain(`reports written: ${FORMATS.map((f) => join(out, f)).join(', ')}`);
  });
});

describe('a broken copy: the rule makes an incident per SecurityAlert row', () => {
  let dir: string;
  let broken: string;
  let outcome: Outcome;
  let file: string;

  beforeAll(async () => {
    dir = temporaryDir();
    broken = patchedPythonSim(dir, RULE_PER_ROW.from, RULE_PER_ROW.to);
    outcome = await cli([
      'run',
      '--sut',
      broken,
      '--runs',
      '100',
      '--profile',
      'ideal',
      '--out',
      join(dir, 'out'),
    ]);
    file = join(
      dir,
      'out',
      'counterexamples',
      readdirSync(join(dir, 'out', 'counterexamples')).find((f) => f.endsWith('-RULE-ONE-INCIDENT.json')) ??
        'missing',
    );
  }, 60_000);

  it('fails: exit 1, a counterexample file for RULE-ONE-INCIDENT, the report says so', () => {
    expect(outcome.code).toBe(1);
    expect(existsSync(file)).toBe(true);
    expect(outcome.stderr).toContain(`RULE-ONE-INCIDENT violated (ideal): counterexample ${file}`);
    const report = readJson(join(dir, 'out', 'report.json')) as Report;
    const b = report.runs[0]?.behaviours.find((x) => x.id === 'RULE-ONE-INCIDENT');
    expect(b?.status).toBe('violated');
    expect(join(dir, 'out', b?.counterexample?.file ?? '')).toBe(file);
    expect(readFileSync(join(dir, 'out', 'report.xml'), 'utf8')).toContain(b?.counterexample?.file);
    const counterexample = readJson(file) as { behaviour: { id: string }; implementation: string };
    expect(counterexample.behaviour.id).toBe('RULE-ONE-INCIDENT');
    expect(counterexample.implementation).toBe(broken);
  });

  it('replay against the broken copy: exit 1, naming the same behaviour', async () => {
    const replay = await cli(['replay', file, '--sut', broken]);
    expect(replay.code).toBe(1);
    expect(replay.stdout).toContain('replaying RULE-ONE-INCIDENT (ideal profile)');
    expect(replay.stdout).toMatch(/^violated: RULE-ONE-INCIDENT: /m);
  }, 30_000);

  it('replay against the good simulator: exit 0', async () => {
    const replay = await cli(['replay', file, '--sut', PYTHON_SIM]);
    expect(replay.stdout).toMatch(/^holds: RULE-ONE-INCIDENT /m);
    expect(replay.code).toBe(0);
  }, 30_000);
});
