/**
 * The subprocess adapter against small fake simulators (test/fixtures/fake-sims/*.mjs): each failure mode
 * gives the right RunResult for its scenario, the run goes on, nothing hangs, and every process it started
 * is gone after close().
 */
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { Scenario } from '../../model/scenario.ts';
import { scenarioArb } from '../../properties/arbitraries.ts';
import {
  type AdapterOptions,
  openImplementation,
  openSubprocess,
  type RunResult,
  runAll,
  type SubprocessImplementation,
} from '../../src/adapters/index.ts';
import { raise, scenario, wait } from '../support/build.ts';
import { alive, eventually } from '../support/processes.ts';

/** Tests of hangs use a short timeout; the others a long one, so a loaded machine cannot make them flaky. */
const TIMEOUT_MS = 500;
const RELAXED_MS = 5000;
/** A fresh node process may be slow to start on a loaded machine: its first answer gets this on top. */
const STARTUP_MS = 1500;

function fake(file: string): string {
  const path = fileURLToPath(new URL(`../fixtures/fake-sims/${file}`, import.meta.url));
  return `"${process.execPath}" "${path}"`;
}

const opened: SubprocessImplementation[] = [];

function open(file: string, options: AdapterOptions = {}): SubprocessImplementation {
  const implementation = openSubprocess(fake(file), {
    timeoutMs: RELAXED_MS,
    startupGraceMs: STARTUP_MS,
    ...options,
  });
  opened.push(implementation);
  return implementation;
}

afterEach(async () => {
  await Promise.all(opened.splice(0).map((implementation) => implementation.close()));
});

const one: Scenario = scenario([raise('A1'), wait(5)]);

/** A scenario the scripted fake acts on by its tenantId. */
function scripted(how: string): Scenario {
  return { ...one, tenantId: how };
}

function pidsOf(result: RunResult): number[] {
  return [...(result.stderr ?? '').matchAll(/pid=(\d+)/g)].map((m) => Number(m[1]));
}

function reasons(results: RunResult[]): string[] {
  return results.map((r) => (r.kind === 'ok' ? 'ok' : r.reason));
}

describe('subprocess adapter', () => {
  it('gets the observation from a correct simulator and keeps one process across scenarios', async () => {
    const implementation = open('answer.mjs');
    const results = [
      await implementation.run(one, 'ideal'),
      await implementation.run(one, 'observed'),
      await implementation.run(one, 'ideal'),
    ];
    expect(reasons(results)).toEqual(['ok', 'ok', 'ok']);
    const first = results[0];
    expect(first?.kind === 'ok' && first.observation.SecurityAlert[0]?.SystemAlertId).toBe('sa-A1');
    expect(implementation.processesStarted).toBe(1);
    const pids = new Set(results.flatMap(pidsOf));
    expect(pids.size).toBe(1);
    await implementation.close();
    for (const pid of pids) expect(await eventually(() => !alive(pid))).toBe(true);
  });

  it('reports a crash for the scenario that crashed and restarts for the next', async () => {
    const implementation = open('crash-second.mjs');
    const results: RunResult[] = [];
    for (let i = 0; i < 3; i++) results.push(await implementation.run(one, 'ideal'));
    expect(reasons(results)).toEqual(['ok', 'crashed', 'ok']);
    const crashed = results[1];
    expect(crashed?.kind === 'errored' && crashed.message).toMatch(/exited with code 3/);
    expect(crashed?.stderr).toMatch(/crash-second: giving up/);
    expect(implementation.processesStarted).toBe(2);
  });

  it('reports a hang within the timeout, kills the process and starts a fresh one', async () => {
    const implementation = open('hang.mjs', { timeoutMs: TIMEOUT_MS, startupGraceMs: 250 });
    const started = Date.now();
    const first = await implementation.run(one, 'ideal');
    const second = await implementation.run(one, 'ideal');
    expect(Date.now() - started).toBeLessThan(2 * (TIMEOUT_MS + 250) + 3000);
    expect(reasons([first, second])).toEqual(['hung', 'hung']);
    expect(first.kind === 'errored' && first.message).toMatch(
      /^no response within 750 ms \(500 ms \+ 250 ms for a fresh process to start\); the process was killed$/,
    );
    const [firstPid] = pidsOf(first);
    const [secondPid] = pidsOf(second);
    expect(firstPid).toBeDefined();
    expect(secondPid).not.toBe(firstPid);
    expect(await eventually(() => !alive(firstPid as number))).toBe(true);
    await implementation.close();
    expect(await eventually(() => !alive(secondPid as number))).toBe(true);
  });

  it('reports garbage on stdout as a protocol error', async () => {
    const implementation = open('garbage.mjs');
    const result = await implementation.run(one, 'ideal');
    expect(result.kind).toBe('errored');
    expect(result.kind === 'errored' && result.reason).toBe('protocol');
    expect(result.kind === 'errored' && result.message).toMatch(/not JSON: hello from the simulator/);
    // The process is still usable for the protocol's sake: the next scenario is judged on its own.
    expect(reasons([await implementation.run(one, 'ideal')])).toEqual(['protocol']);
  });

  it('reports a wrong field type naming the field', async () => {
    const implementation = open('wrong-type.mjs');
    const result = await implementation.run(one, 'ideal');
    expect(result.kind === 'errored' && result.reason).toBe('invalid-observation');
    expect(result.kind === 'errored' && result.message).toMatch(
      /^SecurityAlert\[0\]\.TimeGenerated: expected an ISO-8601 timestamp .*, received 42$/,
    );
  });

  it('keeps what a scenario wrote on stderr with its result', async () => {
    const implementation = open('stderr.mjs');
    const first = await implementation.run(one, 'ideal');
    const second = await implementation.run(scenario([raise('A1')]), 'ideal');
    expect(first.kind).toBe('ok');
    expect(first.stderr).toMatch(/stderr-sim: handled r1 \(2 steps\)/);
    expect(second.stderr).toMatch(/stderr-sim: handled r2 \(1 steps\)/);
    expect(second.stderr).not.toMatch(/handled r1/);
  });

  it('keeps only the last KiB of stderr asked for', async () => {
    const implementation = open('stderr.mjs', {
      stderrLimitKb: 1,
      env: { ...process.env, FAKE_STDERR_BYTES: '100000' },
    });
    const result = await implementation.run(one, 'ideal');
    expect(result.kind).toBe('ok');
    expect(result.stderr?.length).toBeLessThan(1200);
    expect(result.stderr).toMatch(/earlier bytes of stderr dropped/);
    expect(result.stderr).toMatch(/handled r1/);
  });

  it('reports an error response, a response without id, and a command that does not exist', async () => {
    const implementation = open('scripted.mjs');
    const error = await implementation.run(scripted('error'), 'ideal');
    expect(error).toMatchObject({
      kind: 'errored',
      reason: 'reported-error',
      message: 'scripted: unsupported scenario',
    });
    const noId = await implementation.run(scripted('no-id'), 'ideal');
    expect(noId).toMatchObject({ kind: 'errored', reason: 'protocol' });
    expect(reasons([await implementation.run(scripted('ok'), 'ideal')])).toEqual(['ok']);

    const missing = openSubprocess('sentinel-conformance-no-such-command-xyz', { timeoutMs: TIMEOUT_MS });
    opened.push(missing);
    const result = await missing.run(one, 'ideal');
    expect(result).toMatchObject({ kind: 'errored', reason: 'crashed' });
    expect(result.kind === 'errored' && result.message).toBe(
      'the process exited with code 127 (the shell found no such command: check --sut) while running this scenario',
    );
    expect(result.stderr).toMatch(/not found/);
  });

  it('stops a process whose stdout line never ends, blames its scenario and goes on', async () => {
    const implementation = open('scripted.mjs', { maxLineKb: 1024 });
    const endless = await implementation.run(scripted('endless'), 'ideal');
    expect(endless).toMatchObject({ kind: 'errored', reason: 'protocol' });
    expect(endless.kind === 'errored' && endless.message).toBe(
      'stdout had more than 1 MiB without a newline; the process was killed',
    );
    const [pid] = pidsOf(endless);
    expect(await eventually(() => !alive(pid as number))).toBe(true);
    expect(reasons([await implementation.run(scripted('ok'), 'ideal')])).toEqual(['ok']);
    expect(implementation.processesStarted).toBe(2);
  });

  it('reports an observation nested 100,000 deep as invalid, quoting a short part of it', async () => {
    const implementation = open('scripted.mjs');
    const deep = await implementation.run(scripted('deep'), 'ideal');
    expect(deep).toMatchObject({ kind: 'errored', reason: 'invalid-observation' });
    expect(deep.kind === 'errored' && deep.message).toMatch(
      /^SecurityAlert\[0\]: expected an object, received \[{10,}…$/,
    );
  });

  it('reads an answer after a byte-order mark and before a \\r\\n (.NET on Windows)', async () => {
    const implementation = open('scripted.mjs');
    const results = [
      await implementation.run(scripted('bom-crlf'), 'ideal'),
      await implementation.run(scripted('ok'), 'ideal'),
    ];
    expect(reasons(results)).toEqual(['ok', 'ok']);
  });

  it('takes a timeout longer than a timer can hold as the longest one, not as none', async () => {
    const implementation = open('scripted.mjs', { timeoutMs: 1e11 });
    expect(reasons([await implementation.run(scripted('slow-50'), 'ideal')])).toEqual(['ok']);
  });

  it('blames an endless line among pipelined requests on its own scenario', async () => {
    const implementation = open('scripted.mjs', { maxInFlight: 4, maxLineKb: 1024 });
    const results = await implementation.runMany(
      ['slow-100', 'endless', 'slow-50', 'ok'].map(scripted),
      'ideal',
    );
    expect(reasons(results)).toEqual(['ok', 'protocol', 'ok', 'ok']);
  });

  it('pipelines up to maxInFlight requests and matches answers by id', async () => {
    const implementation = open('scripted.mjs', { maxInFlight: 4 });
    // Answers come back out of order: the slower scenarios first.
    const hows = ['slow-300', 'slow-50', 'slow-200', 'slow-10', 'slow-300', 'slow-50', 'slow-200', 'slow-10'];
    const results = await implementation.runMany(hows.map(scripted), 'ideal');
    expect(reasons(results)).toEqual(hows.map(() => 'ok'));
    const holding = results.flatMap((r) =>
      [...(r.stderr ?? '').matchAll(/holding=(\d+)/g)].map((m) => Number(m[1])),
    );
    expect(Math.max(...holding)).toBeGreaterThan(1);
    expect(Math.max(...holding)).toBeLessThanOrEqual(4);
    expect(implementation.processesStarted).toBe(1);
  });

  it('blames a crash among pipelined requests on its own scenario', async () => {
    const implementation = open('scripted.mjs', { maxInFlight: 4 });
    const results = await implementation.runMany(
      ['slow-100', 'crash', 'slow-100', 'ok'].map(scripted),
      'ideal',
    );
    expect(reasons(results)).toEqual(['ok', 'crashed', 'ok', 'ok']);
  });

  it('blames a hang among pipelined requests on its own scenario, whether it blocks the process or not', async () => {
    const implementation = open('scripted.mjs', { maxInFlight: 4, timeoutMs: TIMEOUT_MS });
    const waiting = await implementation.runMany(['ok', 'hang', 'slow-50', 'ok'].map(scripted), 'ideal');
    expect(reasons(waiting)).toEqual(['ok', 'hung', 'ok', 'ok']);
    const blocking = await implementation.runMany(
      ['ok', 'block', 'ok', 'slow-20', 'ok'].map(scripted),
      'ideal',
    );
    expect(reasons(blocking)).toEqual(['ok', 'hung', 'ok', 'ok', 'ok']);
  });

  it('blames garbage among pipelined requests on its own scenario', async () => {
    const implementation = open('scripted.mjs', { maxInFlight: 4 });
    const results = await implementation.runMany(
      ['slow-100', 'garbage', 'slow-50', 'ok'].map(scripted),
      'ideal',
    );
    expect(reasons(results)).toEqual(['ok', 'protocol', 'ok', 'ok']);
  });

  it('gives the same results one at a time as pipelined', async () => {
    const hows = ['ok', 'crash', 'error', 'hang', 'garbage', 'slow-30', 'block', 'ok'];
    const serial = open('scripted.mjs', { maxInFlight: 1, timeoutMs: TIMEOUT_MS });
    const pipelined = open('scripted.mjs', { maxInFlight: 8, timeoutMs: TIMEOUT_MS });
    const [a, b] = await Promise.all([
      serial.runMany(hows.map(scripted), 'ideal'),
      pipelined.runMany(hows.map(scripted), 'ideal'),
    ]);
    expect(reasons(a)).toEqual(['ok', 'crashed', 'reported-error', 'hung', 'protocol', 'ok', 'hung', 'ok']);
    expect(reasons(b)).toEqual(reasons(a));
  });

  it('reads a large observation arriving in many chunks', async () => {
    const implementation = open('scripted.mjs');
    const result = await implementation.run(scripted('big-5000'), 'ideal');
    expect(result.kind === 'ok' && result.observation.SecurityAlert.length).toBe(5000);
  });

  it('serves the reference simulator over the protocol with the same observations as in process', async () => {
    const path = fileURLToPath(new URL('../fixtures/fake-sims/reference.ts', import.meta.url));
    const implementation = openSubprocess(`"${process.execPath}" --import tsx "${path}"`, {
      timeoutMs: 20_000,
      maxInFlight: 4,
    });
    opened.push(implementation);
    const reference = await openImplementation('reference');
    const scenarios = fc.sample(scenarioArb, { numRuns: 12, seed: 7 });
    for (const profile of ['ideal', 'observed'] as const) {
      const [remote, local] = await Promise.all([
        implementation.runMany(scenarios, profile),
        runAll(reference, scenarios, profile),
      ]);
      expect(reasons(remote)).toEqual(scenarios.map(() => 'ok'));
      expect(remote.map((r) => r.kind === 'ok' && r.observation)).toEqual(
        local.map((r) => r.kind === 'ok' && r.observation),
      );
    }
  });

  it('settles what is in flight and kills the process group on close', async () => {
    const implementation = open('hang.mjs', { timeoutMs: 60_000, maxInFlight: 2, closeGraceMs: 200 });
    const pending = implementation.runMany([one, one, one], 'ideal');
    expect(await eventually(() => implementation.pid !== undefined)).toBe(true);
    const pid = implementation.pid as number;
    await new Promise((done) => setTimeout(done, 200));
    await implementation.close();
    const results = await pending;
    expect(reasons(results)).toEqual(['crashed', 'crashed', 'crashed']);
    expect(results[0]?.kind === 'errored' && results[0].message).toMatch(/closed/);
    expect(await eventually(() => !alive(pid))).toBe(true);
    expect(await implementation.run(one, 'ideal')).toMatchObject({ kind: 'errored', reason: 'crashed' });
  });

  it('abandons what is queued and in flight at once, kills the process, and serves later scenarios afresh', async () => {
    const implementation = open('scripted.mjs', { timeoutMs: 60_000, maxInFlight: 2 });
    const pending = implementation.runEach(['hang', 'hang', 'hang', 'hang'].map(scripted), 'ideal');
    expect(await eventually(() => implementation.pid !== undefined)).toBe(true);
    const pid = implementation.pid as number;
    await new Promise((done) => setTimeout(done, 200));
    await implementation.abandon();
    const results = await Promise.all(pending); // at once, not after the 60 s timeout
    expect(reasons(results)).toEqual(['crashed', 'crashed', 'crashed', 'crashed']);
    expect(results[0]?.kind === 'errored' && results[0].message).toMatch(/^abandoned: the run stopped/);
    expect(await eventually(() => !alive(pid))).toBe(true);
    const later = await implementation.run(scripted('ok'), 'ideal');
    expect(reasons([later])).toEqual(['ok']);
    expect(implementation.processesStarted).toBe(2);
  });
});
