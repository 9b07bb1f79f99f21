/**
 * `replay`: runs one counterexample file's scenario through an implementation and judges the behaviour it
 * names again; or one failed-scenario file's (a scenario the implementation crashed, hung or broke the
 * protocol on), judging every behaviour once it answers. The reference simulator (and mutants of it) replays under the file's own schedule, so the
 * run is the very one that failed; other implementations get the scenario and the profile.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { contextFor, evaluateOne, runVerdict } from '../../../model/evaluate.ts';
import { BEHAVIOURS, behaviourById } from '../../../model/invariants/index.ts';
import type { Observation } from '../../../model/observation.ts';
import { type Profile, profileByName } from '../../../model/profile.ts';
import { scheduleFor } from '../../../model/reference/default-schedule.ts';
import type { Schedule } from '../../../model/reference/schedule.ts';
import type { Scenario } from '../../../model/scenario.ts';
import { checkScenario } from '../../../model/schema.ts';
import { behaviour as catalogueEntry } from '../../../model/spec/catalogue.ts';
import { CHECKING } from '../../../properties/settings.ts';
import type { RunResult } from '../../adapters/types.ts';
import { renderTimeline } from '../../report/timeline.ts';
import { timeoutOf, UsageError } from '../args.ts';
import { COUNTEREXAMPLE_FORMAT, FAILED_SCENARIO_FORMAT } from '../output.ts';
import { openRunner } from './run.ts';

export const REPLAY_USAGE =
  'sentinel-conformance replay <counterexample.json|failed-scenario.json> --sut reference|MODULE|"COMMAND" [--timeout MS]';

/** A bad counterexample file: named, with the field, and exit code 3. */
export class InputError extends Error {}

interface Loaded {
  /** The behaviour a counterexample names; none for a failed-scenario file. */
  id: string | null;
  /** A failed-scenario file: how the scenario failed in the run. */
  failed?: { run: number; reason: string; message: string };
  profile: 'ideal' | 'observed';
  scenario: Scenario;
  schedule: Schedule;
  seed?: number;
  path?: string;
}

export function loadCounterexample(file: string): Loaded {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new InputError(`${file}: cannot be read`);
  }
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    throw new InputError(`${file}: not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (typeof data !== 'object' || data === null) throw new InputError(`${file}: not a counterexample object`);
  if (data.format !== COUNTEREXAMPLE_FORMAT && data.format !== FAILED_SCENARIO_FORMAT) {
    throw new InputError(
      `${file}: field 'format' must be '${COUNTEREXAMPLE_FORMAT}' or '${FAILED_SCENARIO_FORMAT}', got ${JSON.stringify(data.format)}`,
    );
  }
  let id: string | null = null;
  let failed: Loaded['failed'];
  if (data.format === COUNTEREXAMPLE_FORMAT) {
    const named = (data.behaviour as { id?: unknown } | undefined)?.id;
    if (typeof named !== 'string') throw new InputError(`${file}: field 'behaviour.id' is missing`);
    try {
      catalogueEntry(named);
    } catch {
      throw new InputError(`${file}: field 'behaviour.id': unknown behaviour '${named}'`);
    }
    id = named;
  } else {
    const { run, reason, message } = data;
    if (typeof run !== 'number' || !Number.isInteger(run) || run < 0)
      throw new InputError(`${file}: field 'run' must be a scenario index, got ${JSON.stringify(run)}`);
    if (typeof reason !== 'string') throw new InputError(`${file}: field 'reason' is missing`);
    failed = { run, reason, message: typeof message === 'string' ? message : '' };
  }
  if (data.profile !== 'ideal' && data.profile !== 'observed') {
    throw new InputError(
      `${file}: field 'profile' must be 'ideal' or 'observed', got ${JSON.stringify(data.profile)}`,
    );
  }
  const checked = checkScenario(data.scenario);
  if (!checked.ok)
    throw new InputError(
      `${file}: field 'scenario${checked.error.path ? `.${checked.error.path}` : ''}': ${checked.error.message}`,
    );
  const schedule = (data.schedule as Schedule | undefined) ?? scheduleFor(checked.scenario);
  if (!Array.isArray(schedule.perAlert))
    throw new InputError(`${file}: field 'schedule.perAlert' must be an array`);
  return {
    id,
    ...(failed ? { failed } : {}),
    profile: data.profile,
    scenario: checked.scenario,
    schedule,
    ...(typeof data.seed === 'number' ? { seed: data.seed } : {}),
    ...(typeof data.path === 'string' ? { path: data.path } : {}),
  };
}

export async function replayCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { sut: { type: 'string' }, timeout: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  const [file] = positionals;
  if (!file) throw new UsageError(`replay needs a counterexample file: ${REPLAY_USAGE}`);
  if (!values.sut) throw new UsageError(`replay needs --sut: ${REPLAY_USAGE}`);
  const loaded = loadCounterexample(file);
  const profile = profileByName(loaded.profile);
  const timeoutMs = timeoutOf(values.timeout, CHECKING.scenarioTimeoutMs);
  const { runner, close } = await openRunner(values.sut, timeoutMs);
  try {
    const result = await runner.run({ scenario: loaded.scenario, schedule: loaded.schedule }, profile);
    if (loaded.id === null) return replayFailed(loaded, runner.name, profile, result);
    const entry = catalogueEntry(loaded.id);
    console.log(`replaying ${loaded.id} (${profile.name} profile) against ${runner.name}`);
    console.log(`  "${entry.quote || entry.says}"${entry.line ? ` (article line ${entry.line})` : ''}`);
    if (result.kind === 'errored' && result.reason === 'unsupported') {
      console.log(
        `skipped (unsupported): the implementation does not support this scenario: ${result.message}`,
      );
      return 2;
    }
    if (result.kind !== 'ok') {
      console.log(`errored: ${result.reason}: ${result.message}`);
      return 3;
    }
    const id = loaded.id;
    const verdict = runVerdict(
      evaluateOne(behaviourById(id), contextFor(loaded.scenario, result.observation, profile)),
    );
    const witness = verdict.status === 'violated' ? verdict.witness : undefined;
    for (const line of renderTimeline(loaded.scenario, result.observation, witness)) console.log(`  ${line}`);
    switch (verdict.status) {
      case 'violated':
        console.log(`violated: ${id}: ${verdict.message}`);
        return 1;
      case 'holds':
        console.log(`holds: ${id} (${verdict.situations} situation(s))`);
        return 0;
      case 'errored':
        console.log(`errored: ${verdict.reason}`);
        return 3;
      case 'not-exercised':
        console.log(
          `not exercised: the scenario no longer creates ${id}'s situation for this implementation`,
        );
        return 2;
      default:
        console.log(`${verdict.status}: ${'reason' in verdict ? verdict.reason : ''}`);
        return 2;
    }
  } finally {
    await close();
  }
}

/**
 * A failed scenario again: exit 3 while the implementation still fails it; once it answers, every behaviour
 * judges the observation, exit 1 when one is violated, else 0.
 */
function replayFailed(loaded: Loaded, implementation: string, profile: Profile, result: RunResult): number {
  const was = loaded.failed;
  console.log(
    `replaying failed scenario ${was?.run} (${profile.name} profile) against ${implementation}; in the run it was ${was?.reason}: ${was?.message}`,
  );
  for (const line of renderTimeline(loaded.scenario, result.kind === 'ok' ? result.observation : EMPTY)) {
    console.log(`  ${line}`);
  }
  if (result.kind === 'errored' && result.reason === 'unsupported') {
    console.log(
      `skipped (unsupported): the implementation does not support this scenario: ${result.message}`,
    );
    return 2;
  }
  if (result.kind !== 'ok') {
    console.log(`errored: ${result.reason}: ${result.message}`);
    if (result.stderr.trim() !== '') console.log(`stderr:\n${result.stderr.trimEnd()}`);
    return 3;
  }
  const context = contextFor(loaded.scenario, result.observation, profile);
  const violated = BEHAVIOURS.flatMap((b) => {
    const verdict = runVerdict(evaluateOne(b, context));
    return verdict.status === 'violated' ? [`violated: ${b.id}: ${verdict.message}`] : [];
  });
  if (violated.length > 0) {
    for (const line of violated) console.log(line);
    return 1;
  }
  console.log('answers now: a valid observation, and no behaviour is violated by it');
  return 0;
}

const EMPTY: Observation = {
  SecurityAlert: [],
  SecurityIncident: [],
  mdc: { alerts: [] },
  xdr: { alerts: [], incidents: [] },
};
