/**
 * A worker process of `run --workers N` (parallel.ts): told once what to open, it opens its own
 * implementation from the --sut text and says it is ready; then it judges the chunks of the run it is given,
 * one at a time (runSuite over the chunk, no shrinking), posting each chunk's result. It lives until the
 * coordinator disconnects (the run is over), then closes its implementation and exits.
 */
import { BEHAVIOURS } from '../../model/invariants/index.ts';
import { openImplementation } from '../adapters/index.ts';
import { stopAllSubprocesses } from '../adapters/subprocess.ts';
import type { Implementation } from '../adapters/types.ts';
import type { CoordinatorMessage, SliceJob, WorkerMessage, WorkerOpen } from './parallel.ts';
import { judgeSlice } from './parallel.ts';
import { referenceRunner } from './reference-runner.ts';
import { implementationRunner } from './runners.ts';
import type { CaseRunner } from './suite.ts';

const post = (message: WorkerMessage) => process.send?.(message);
const byId = new Map(BEHAVIOURS.map((b) => [b.id, b]));

let implementation: Implementation | undefined;
let runner: CaseRunner | undefined;

async function open(what: WorkerOpen): Promise<void> {
  implementation =
    what.sut.trim() === 'reference'
      ? undefined
      : await openImplementation(what.sut, { timeoutMs: what.timeoutMs });
  runner = implementation ? implementationRunner(implementation) : referenceRunner();
}

async function work(job: SliceJob, judge: CaseRunner): Promise<void> {
  const behaviours = job.behaviourIds.map((id) => {
    const behaviour = byId.get(id);
    if (!behaviour) throw new Error(`unknown behaviour ${id}`);
    return behaviour;
  });
  const total = job.range.to - job.range.from;
  let last = 0;
  const done = await judgeSlice({
    runner: judge,
    behaviours,
    profile: job.profile,
    runs: job.runs,
    seed: job.seed,
    range: job.range,
    ...(job.stopAfter === undefined ? {} : { stopAfter: job.stopAfter }),
    ...(job.batchSize === undefined ? {} : { batchSize: job.batchSize }),
    onProgress: (count) => {
      if (count - last < 64 && count < total) return;
      last = count;
      post({ id: job.id, progress: count });
    },
  });
  post({ id: job.id, done });
}

// A signal (passed on by the coordinator, or the terminal's Ctrl-C) stops the implementation's processes too.
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
  ['SIGHUP', 129],
] as const)
  process.once(signal, () => {
    stopAllSubprocesses();
    process.exit(code);
  });
// The coordinator gone (the run is over, or it was killed): close the implementation, and end (its
// processes stopped all the same if it does not close within a second).
process.once('disconnect', () => {
  const end = () => {
    stopAllSubprocesses();
    process.exit(0);
  };
  setTimeout(end, 1_000).unref();
  (implementation?.close() ?? Promise.resolve()).then(end, end);
});
// One message at a time: the coordinator sends the next chunk only once this one's result is in.
const failed = (id?: number) => (error: unknown) =>
  post({
    ...(id === undefined ? {} : { id }),
    error: error instanceof Error ? error.message : String(error),
  });
process.on('message', (message: CoordinatorMessage) => {
  if ('open' in message) open(message.open).then(() => post({ ready: true }), failed());
  else if (runner) work(message.job, runner).catch(failed(message.job.id));
  else failed(message.job.id)(new Error('a chunk came before the implementation was open'));
});
