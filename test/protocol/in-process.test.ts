/**
 * In-process modules and the `--sut` resolution: a module's simulate is loaded (named or default export,
 * JavaScript or TypeScript), what it returns is validated, a throw or a promise that never settles becomes
 * an errored result, and `reference` runs the bundled simulator under the default schedule.
 */
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../model/scenario.ts';
import { validateObservation } from '../../model/schema.ts';
import { scenarioArb } from '../../properties/arbitraries.ts';
import {
  implementationKind,
  inProcessImplementation,
  openImplementation,
  runAll,
  SubprocessImplementation,
} from '../../src/adapters/index.ts';
import { config, MDC_RULE, raise, scenario, wait } from '../support/build.ts';

function fixture(file: string): string {
  return fileURLToPath(new URL(`../fixtures/fake-sims/${file}`, import.meta.url));
}

const one: Scenario = scenario([raise('A1'), wait(5)]);

describe('in-process adapter', () => {
  it('runs a named simulate export on a copy of the scenario', async () => {
    const implementation = await openImplementation(fixture('module-ok.mjs'));
    const input = structuredClone(one);
    const result = await implementation.run(input, 'observed');
    expect(result.kind).toBe('ok');
    expect(input).toEqual(one); // the module's push went to its own copy
    await implementation.close();
    expect(await implementation.run(one, 'ideal')).toMatchObject({ kind: 'errored', reason: 'crashed' });
  });

  it('runs an async default export and a TypeScript module', async () => {
    for (const file of ['module-default.mjs', 'module-typed.ts']) {
      const implementation = await openImplementation(fixture(file));
      expect((await implementation.run(one, 'ideal')).kind).toBe('ok');
    }
  });

  it('turns a throw, an invalid observation and a promise that never settles into errored results', async () => {
    const throws = await openImplementation(fixture('module-throws.mjs'));
    const thrown = await throws.run(one, 'ideal');
    expect(thrown).toMatchObject({
      kind: 'errored',
      reason: 'crashed',
      message: 'threw TypeError: cannot read the timeline',
    });
    expect(thrown.stderr).toMatch(/module-throws\.mjs/);

    const invalid = await openImplementation(fixture('module-invalid.mjs'));
    expect(await invalid.run(one, 'ideal')).toMatchObject({
      kind: 'errored',
      reason: 'invalid-observation',
      message: 'mdc: expected an object, received nothing (the field is missing)',
    });

    const never = await openImplementation(fixture('module-never.mjs'), { timeoutMs: 100 });
    expect(await never.run(one, 'ideal')).toMatchObject({ kind: 'errored', reason: 'hung' });
  });

  it('runs a module in a thread of its own: a loop is a hang, a process.exit or a late throw a crash', async () => {
    const loop = await openImplementation(fixture('module-scripted.mjs'), { timeoutMs: 300 });
    const results = [
      await loop.run({ ...one, tenantId: 'loop' }, 'ideal'),
      await loop.run(one, 'ideal'), // a fresh thread loads the module again
    ];
    expect(results[0]).toMatchObject({
      kind: 'errored',
      reason: 'hung',
      message: "no observation within 300 ms; the module's thread was stopped",
    });
    expect(results[1]?.kind).toBe('ok');
    await loop.close();

    const exits = await openImplementation(fixture('module-exit.mjs'));
    expect(await exits.run(one, 'ideal')).toMatchObject({
      kind: 'errored',
      reason: 'crashed',
      message: 'its thread ended with exit code 0 (process.exit?)',
    });
    const late = await openImplementation(fixture('module-late-throw.mjs'), { timeoutMs: 5000 });
    expect(await late.run(one, 'ideal')).toMatchObject({
      kind: 'errored',
      reason: 'crashed',
      message: 'an uncaught RangeError: thrown from a timer',
    });
    const unclonable = await openImplementation(fixture('module-unclonable.mjs'));
    const copied = await unclonable.run(one, 'ideal');
    expect(copied).toMatchObject({ kind: 'errored', reason: 'invalid-observation' });
    expect(copied.kind === 'errored' && copied.message).toMatch(
      /^the observation is not plain data \(DataCloneError: /,
    );
    await Promise.all([exits.close(), late.close(), unclonable.close()]);
  });

  it('pipelines scenarios to the thread and blames a hang or an exit on its own scenario', async () => {
    const scripted = await openImplementation(fixture('module-scripted.mjs'), {
      timeoutMs: 300,
      maxInFlight: 4,
    });
    const hows = ['a', 'loop', 'b', 'c', 'exit', 'd'];
    const results = await runAll(
      scripted,
      hows.map((tenantId) => ({ ...one, tenantId })),
      'ideal',
    );
    expect(results.map((r) => (r.kind === 'ok' ? 'ok' : r.reason))).toEqual([
      'ok',
      'hung',
      'ok',
      'ok',
      'crashed',
      'ok',
    ]);
    expect(results[4]).toMatchObject({ message: 'its thread ended with exit code 4 (process.exit?)' });
    // Each result keeps what its own call wrote.
    expect(results[2]?.stderr).toContain('called for b');
    expect(results[2]?.stderr).not.toContain('called for c');
    await scripted.close();
  });

  it('abandons what is queued and in flight at once, stops the thread, and loads the module afresh after', async () => {
    const scripted = await openImplementation(fixture('module-scripted.mjs'), {
      timeoutMs: 60_000,
      maxInFlight: 2,
    });
    const hows = ['loop', 'b', 'c', 'd'];
    const pending = scripted.runEach?.(
      hows.map((tenantId) => ({ ...one, tenantId })),
      'ideal',
    );
    expect(pending).toHaveLength(4);
    await new Promise((done) => setTimeout(done, 200)); // the thread is in its loop now
    await scripted.abandon?.();
    const results = await Promise.all(pending ?? []); // at once, not after the 60 s timeout
    expect(results.map((r) => (r.kind === 'ok' ? 'ok' : r.message))).toEqual(
      hows.map(() => 'abandoned: the run stopped before this scenario was answered'),
    );
    const later = await scripted.run({ ...one, tenantId: 'e' }, 'ideal');
    expect(later.kind).toBe('ok');
    expect(later.stderr).toContain('called for e');
    await scripted.close();
  });

  it('gives, pipelined in its thread, the same observations as the same function in the suite thread', async () => {
    const threaded = await openImplementation(fixture('module-reference.ts'), { maxInFlight: 8 });
    const local = await openImplementation('reference');
    const scenarios = fc.sample(scenarioArb, { numRuns: 24, seed: 11 });
    for (const profile of ['ideal', 'observed'] as const) {
      const [there, here] = await Promise.all([
        runAll(threaded, scenarios, profile),
        runAll(local, scenarios, profile),
      ]);
      expect(there.map((r) => r.kind)).toEqual(scenarios.map(() => 'ok'));
      expect(there.map((r) => r.kind === 'ok' && r.observation)).toEqual(
        here.map((r) => r.kind === 'ok' && r.observation),
      );
    }
    await threaded.close();
  });

  it("keeps what a module writes on stdout and stderr with the scenario's result, off the suite's stdout", async () => {
    const noisy = await openImplementation(fixture('module-noisy.mjs'));
    const result = await noisy.run(one, 'ideal');
    expect(result.kind).toBe('ok');
    expect(result.stderr).toContain('module says hello on stdout');
    expect(result.stderr).toContain('module says hello on stderr');
    await noisy.close();
  });

  it('keeps only the last KiB of output asked for', async () => {
    const flood = await openImplementation(fixture('module-flood.mjs'), { stderrLimitKb: 1 });
    const result = await flood.run(one, 'ideal');
    expect(result.kind).toBe('ok');
    expect(result.stderr?.startsWith('[… earlier output dropped]\n')).toBe(true);
    expect(result.stderr?.length).toBeLessThan(1100);
    expect(result.stderr).toContain('1999\n');
    await flood.close();
  });

  it('reports a module whose loading never ends as not loaded, within the start-up allowance', async () => {
    await expect(
      openImplementation(fixture('module-load-loop.mjs'), { timeoutMs: 200, startupGraceMs: 300 }),
    ).rejects.toThrow(/module-load-loop\.mjs did not load within 500 ms$/);
  });

  it('rejects a module that cannot be loaded or exports no function', async () => {
    await expect(openImplementation(fixture('module-none.mjs'))).rejects.toThrow(/exports no function/);
    await expect(openImplementation(fixture('no-such-module.mjs'))).rejects.toThrow(/cannot load/);
  });

  it('wraps a function directly, and runAll runs many', async () => {
    const implementation = inProcessImplementation('inline', () => ({
      SecurityAlert: [],
      SecurityIncident: [],
      mdc: { alerts: [] },
      xdr: { alerts: [], incidents: [] },
    }));
    const results = await runAll(implementation, [one, one, one], 'ideal');
    expect(results.map((r) => r.kind)).toEqual(['ok', 'ok', 'ok']);
  });
});

describe('openImplementation', () => {
  it('reads reference, module paths and command lines', () => {
    expect(implementationKind('reference')).toBe('reference');
    expect(implementationKind(' reference ')).toBe('reference');
    expect(implementationKind('./sim.ts')).toBe('module');
    expect(implementationKind('sims/my-sim.mjs')).toBe('module');
    expect(implementationKind(fixture('module-ok.mjs'))).toBe('module');
    expect(implementationKind('node sim.mjs')).toBe('command');
    expect(implementationKind('python3 -u sim.py')).toBe('command');
    expect(implementationKind('./my-simulator')).toBe('command');
  });

  it('opens a command line as a subprocess without starting it', async () => {
    const implementation = await openImplementation('node sim.mjs', { timeoutMs: 100 });
    expect(implementation).toBeInstanceOf(SubprocessImplementation);
    expect(implementation.name).toBe('node sim.mjs');
    await implementation.close();
  });

  it('runs the reference simulator under the default schedule, deterministically', async () => {
    const implementation = await openImplementation('reference');
    expect(implementation.name).toBe('reference');
    const input = scenario(
      [
        raise('A1'),
        wait(3),
        raise('A2', { severity: 'Low' }),
        wait(10),
        { type: 'mdc-status-changed', alert: 'A1', status: 'Resolved' },
      ],
      config({ tenantConnector: true, incidentRules: [MDC_RULE] }),
    );
    const first = await implementation.run(input, 'ideal');
    const second = await implementation.run(input, 'ideal');
    expect(first.kind).toBe('ok');
    expect(second).toEqual(first);
    if (first.kind !== 'ok') return;
    expect(() => validateObservation(first.observation)).not.toThrow();
    const connectors = new Set(first.observation.SecurityAlert.map((row) => row._Connector));
    expect(connectors).toEqual(new Set(['subscription', 'tenant']));
  });
});
