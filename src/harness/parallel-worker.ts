/**
 * A worker process of `run --workers N` (parallel.ts): opens its own implementation from the --sut text,
 * judges its slice of the run (runSuite over the slice, no shrinking), and posts the slice's result.
 */
import { BEHAVIOURS } from '../../model/invariants/index.ts';
import { openImplementation } from '../adapters/index.ts';
import { stopAllSubprocesses } from '../adapters/subprocess.ts';
import type { SliceJob, WorkerMessage } from './parallel.ts';
import { judgeSlice } from './parallel.ts';
import { referenceRunner } from './reference-runner.ts';
import { implementationRunner } from './runners.ts';
import type { SliceResult } from './slices.ts';

const post = (message: WorkerMessage) => process.send?.(message);

async function work(job: SliceJob): Promise<void> {
  const byId = new Map(BEHAVIOURS.map((b) => [b.id, b]));
  const behaviours = job.behaviourIds.map((id) => {
    const behaviour = byId.get(id);
    if (!behaviour) throw new Error(`unknown behaviour ${id}`);
    return behaviour;
  });
  const implementation =
    job.sut.trim() === 'reference'
      ? undefined
      : await openImplementation(job.sut, { timeoutMs: job.timeoutMs });
  const runner = implementation ? implementationRunner(implementation) : referenceRunner();
  let last = 0;
  let done: SliceResult;
  try {
    done = await judgeSlice({
      runner,
      behaviours,
      profile: job.profile,
      runs: job.runs,
      seed: job.seed,
      range: job.range,
      ...(job.stopAfter === undefined ? {} : { stopAfter: job.stopAfter }),
      ...(job.batchSize === undefined ? {} : { batchSize: job.batchSize }),
      onProgress: (count) => {
        if (count - last < 64 && count < job.range.to - job.range.from) return;
        last = count;
        post({ progress: count });
      },
    });
  } finally {
    // Before the answer: the coordinator ends this thread when it has it.
    await implementation?.close();
  }
  post({ done });
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
// The coordinator gone (it ended, or was killed): nothing to answer to.
process.once('disconnect', () => {
  stopAllSubprocesses();
  process.exit(0);
});
process.once('message', (job: SliceJob) => {
  work(job).catch((error: unknown) =>
    post({ error: error instanceof Error ? error.message : String(error) }),
  );
});
