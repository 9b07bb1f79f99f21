/**
 * Declaring a partial implementation (docs/protocol.md): the subprocess adapter's declaration request, a
 * module's `declaration` export, `{"error": "unsupported"}` answers, and the declaration's own checks.
 */

import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { afterEach, describe, expect, it } from 'vitest';
import type { Scenario } from '../../model/scenario.ts';
import { checkDeclaration, RunRequestSchema, RunResponseSchema } from '../../model/schema.ts';
import {
  type Implementation,
  openImplementation,
  openSubprocess,
  type SubprocessImplementation,
} from '../../src/adapters/index.ts';
import { DECLARATION_SCENARIO } from '../../src/adapters/subprocess.ts';
import { declaredFrom, leftOut } from '../../src/harness/declaration.ts';
import { raise, scenario, wait } from '../support/build.ts';
import { protocolExamples } from './examples.ts';

const FAKES = new URL('../fixtures/fake-sims/', import.meta.url);

function fake(file: string, ...args: string[]): string {
  return [process.execPath, fileURLToPath(new URL(file, FAKES)), ...args].map((a) => `'${a}'`).join(' ');
}

const opened: Implementation[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((implementation) => implementation.close()));
});

function open(command: string): SubprocessImplementation {
  const implementation = openSubprocess(command, { timeoutMs: 5000, startupGraceMs: 5000 });
  opened.push(implementation);
  return implementation;
}

const one: Scenario = scenario([raise('A1'), wait(5)]);
const PARTIAL = { steps: ['wait', 'alert-raised'], config: ['subscription-connector', 'xdr-all-alerts'] };

describe('the declaration request', () => {
  it('gets what a declaring subprocess answers, then its scenarios run as usual', async () => {
    const implementation = open(fake('declaring.mjs', JSON.stringify(PARTIAL)));
    expect(await implementation.declaration()).toEqual(PARTIAL);
    expect((await implementation.run(one, 'ideal')).kind).toBe('ok');
    expect(implementation.processesStarted).toBe(1);
  });

  it('gets nothing from an implementation that knows nothing of declarations: it answers the empty scenario', async () => {
    const implementation = open(fake('answer.mjs'));
    expect(await implementation.declaration()).toBeUndefined();
    expect((await implementation.run(one, 'ideal')).kind).toBe('ok');
  });

  it('gets nothing from one that dies on it', async () => {
    const implementation = open('read request; exit 3');
    expect(await implementation.declaration()).toBeUndefined();
    expect(implementation.processesStarted).toBe(1);
  });

  it('is a valid request, and a declaration a valid response', () => {
    const request = { protocol: 1, id: 'r1', scenario: one, profile: 'ideal', declare: true };
    expect(TypeCompiler.Compile(RunRequestSchema).Check(request)).toBe(true);
    const responses = TypeCompiler.Compile(RunResponseSchema);
    expect(responses.Check({ id: 'r1', declaration: PARTIAL })).toBe(true);
    expect(responses.Check({ id: 'r1', error: 'unsupported', detail: 'no XDR' })).toBe(true);
  });
});

describe('answers to scenarios', () => {
  it('{"error": "unsupported"} is unsupported, with the detail; a declaration is a protocol error', async () => {
    const implementation = open(fake('declaring.mjs', '{}'));
    const [unsupported, again, fine] = await Promise.all([
      implementation.run({ ...one, tenantId: 'unsupported' }, 'ideal'),
      implementation.run({ ...one, tenantId: 'declare-again' }, 'ideal'),
      implementation.run(one, 'ideal'),
    ]);
    expect(unsupported).toMatchObject({
      kind: 'errored',
      reason: 'unsupported',
      message: 'no tenant connector here',
    });
    expect(again).toMatchObject({ kind: 'errored', reason: 'protocol' });
    expect(again.kind === 'errored' && again.message).toMatch(/^a declaration answered a scenario/);
    expect(fine.kind).toBe('ok');
  });

  it('a module declares through its export and answers unsupported by returning it', async () => {
    const implementation = await openImplementation(fileURLToPath(new URL('module-partial.ts', FAKES)));
    opened.push(implementation);
    expect(await implementation.declaration?.()).toMatchObject({ profiles: ['ideal'] });
    const tenant = { ...one, config: { ...one.config, tenantConnector: true } };
    expect(await implementation.run(tenant, 'ideal')).toMatchObject({
      kind: 'errored',
      reason: 'unsupported',
      message: 'no tenant connector here',
    });
    expect((await implementation.run(one, 'ideal')).kind).toBe('ok');
  });
});

describe('checkDeclaration', () => {
  const error = (value: unknown) => {
    const checked = checkDeclaration(value);
    return checked.ok ? undefined : checked.error.message;
  };

  it('accepts nothing declared, and any subset with the step types and one XDR setting every scenario needs', () => {
    expect(error({})).toBeUndefined();
    expect(error(PARTIAL)).toBeUndefined();
    expect(error({ profiles: ['observed'], configChanges: [] })).toBeUndefined();
  });

  it('names the field of a declaration off the schema', () => {
    expect(error({ steps: ['wait', 'alert-raised', 'teleport'] })).toMatch(
      /^steps\[2\]: expected one of "wait"/,
    );
    expect(error({ steps: ['wait'] })).toBe(
      'steps: expected a list including "alert-raised" (no scenario can do without it), received ["wait"]',
    );
    expect(error({ config: ['sync'] })).toMatch(
      /^config: expected a list including "xdr-all-alerts" or "xdr-no-alerts"/,
    );
    expect(error({ profiles: [] })).toMatch(/^profiles: /);
    expect(error({ config: ['sync', 'sync', 'xdr-all-alerts'] })).toMatch(/^config: expected no value twice/);
    expect(error({ tenant: false })).toMatch(/^tenant: expected no such field/);
    expect(error([])).toMatch(/^\(root\): /);
  });

  it('says what a declaration leaves out, and where it came from when invalid', () => {
    expect(leftOut(declaredFrom({}, 'x').supported)).toBe('');
    expect(leftOut(declaredFrom({ profiles: ['ideal'], config: ['xdr-no-alerts'] }, 'x').supported)).toBe(
      'configuration parts subscription-connector, sync, tenant-connector, xdr-all-alerts, xdr-connector, incident-rules; profiles observed',
    );
    expect(() => declaredFrom({ steps: [] }, 'the implementation')).toThrow(
      /^the declaration of the implementation is invalid: steps: expected a list including "wait"/,
    );
  });
});

describe('docs/protocol.md, "Declaring a partial implementation"', () => {
  const examples = protocolExamples();

  it('shows the declaration python-sim --partial makes, and it is valid', () => {
    const script = 'import json, simulator; print(json.dumps(simulator.PARTIAL_DECLARATION))';
    const cwd = fileURLToPath(new URL('../../examples/python-sim/', import.meta.url));
    const python = JSON.parse(execFileSync('python3', ['-c', script], { cwd, encoding: 'utf8' }));
    expect(examples['example-declaration']).toEqual(python);
    expect(checkDeclaration(python).ok).toBe(true);
  });

  it('shows the very declaration request the suite sends, and valid answers to it and to a scenario', () => {
    const request = examples['example-declaration-request'] as { scenario: unknown; declare: unknown };
    expect(request.scenario).toEqual(DECLARATION_SCENARIO);
    expect(request.declare).toBe(true);
    expect(TypeCompiler.Compile(RunRequestSchema).Check(request)).toBe(true);
    const responses = TypeCompiler.Compile(RunResponseSchema);
    expect(responses.Check(examples['example-declaration-response'])).toBe(true);
    expect(responses.Check(examples['example-unsupported'])).toBe(true);
  });
});
