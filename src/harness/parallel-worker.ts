/**
 * A worker thread of `run --workers N` (parallel.ts): opens its own implementation from the --sut text,
 * judges its slice of the run (runSuite over the slice, no shrinking), and posts the slice's result.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { BEHAVIOURS } from '../../model/invariants/index.ts';
import { openImplementation } from '../adapters/index.ts';
import type { SliceJob, WorkerMessage } from './parallel.ts';
import { judgeSlice } from './parallel.ts';
import { referenceRunner } from './reference-runner.ts';
import { implementationRunner } from './runners.ts';
import type { SliceResult } from './slices.ts';

const post = (message: WorkerMessage) => parentPort?.postMessage(message);

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

work(workerData as SliceJob).catch((error: unknown) =>
  post({ error: error instanceof Error ? error.message : String(error) }),
);
