// The thread a module implementation runs in (module-thread.ts). It loads the module once, says { ready }
// (with its exported `declaration`, if any) or { loadError }, then answers each { id, scenario, profile } with { id, observation }, { id, threw,
// stack } or { id, uncopyable }, each with `output`: what the module wrote on stdout and stderr since the
// previous answer (it still goes to the thread's streams too, for a call that never answers). Plain JavaScript, so the thread needs no TypeScript loader of
// its own: a TypeScript module is imported through tsx. A module that loops, calls process.exit or throws
// from a timer ends or blocks this thread only; the suite's thread sees it and reports the scenario.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';

async function importModule(path) {
  const url = pathToFileURL(resolve(path)).href;
  try {
    return await import(url);
  } catch (error) {
    if (!/\.[cm]?ts$/.test(path) || error?.code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw error;
    const { tsImport } = await import('tsx/esm/api');
    return await tsImport(url, import.meta.url);
  }
}

/** The simulate function of a module: named `simulate`, else the default export (or its `simulate`). */
async function load(path) {
  let module;
  try {
    module = await importModule(path);
  } catch (error) {
    const why =
      error?.code === 'ERR_MODULE_NOT_FOUND' && !existsSync(path)
        ? 'no such file'
        : String(error instanceof Error ? error.message : error).split('\n')[0];
    throw new Error(`cannot load implementation module ${path}: ${why}`);
  }
  const fallback = module.default;
  const simulate =
    typeof module.simulate === 'function'
      ? module.simulate
      : typeof fallback === 'function'
        ? fallback
        : fallback?.simulate;
  if (typeof simulate !== 'function') {
    throw new Error(
      `implementation module ${path} exports no function: expected a named export 'simulate' or a default ` +
        'export (scenario, profile) => Observation',
    );
  }
  // What a partial implementation supports (docs/protocol.md): a named export, or the default export's.
  const declaration = 'declaration' in module ? module.declaration : fallback?.declaration;
  return { simulate, declaration };
}

function described(error) {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** What was written since the last answer, its last `outputLimit` characters. */
let output = '';
const limit = workerData.outputLimit;
for (const stream of [process.stdout, process.stderr]) {
  const write = stream.write.bind(stream);
  stream.write = (chunk, ...rest) => {
    output += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    if (output.length > 2 * limit) output = output.slice(-limit);
    return write(chunk, ...rest);
  };
}

/** Posts an answer with the output since the last one (kept when the answer cannot be posted). */
function answer(message) {
  const written = output.length > limit ? `[… earlier output dropped]\n${output.slice(-limit)}` : output;
  parentPort.postMessage({ ...message, output: written });
  output = '';
}

let simulate;
let declaration;
try {
  ({ simulate, declaration } = await load(workerData.path));
} catch (error) {
  parentPort.postMessage({ loadError: error.message });
}

/** Runs one scenario and answers it. */
async function handle({ id, scenario, profile }) {
  let observation;
  try {
    observation = await simulate(scenario, profile);
  } catch (error) {
    answer({ id, threw: described(error), stack: error instanceof Error ? error.stack : '' });
    return;
  }
  try {
    answer({ id, observation });
  } catch (error) {
    answer({ id, uncopyable: described(error) });
  }
}

if (simulate) {
  // Scenarios arrive ahead of time (pipelining), but the module gets them one at a time, in order, even when
  // its simulate is async: one call ends before the next begins.
  let previous = Promise.resolve();
  parentPort.on('message', (request) => {
    previous = previous.then(() => handle(request));
  });
  try {
    parentPort.postMessage(declaration === undefined ? { ready: true } : { ready: true, declaration });
  } catch (error) {
    parentPort.postMessage({
      loadError: `implementation module ${workerData.path}: its declaration is not plain data (${described(error)})`,
    });
  }
}
