// The thread a module implementation runs in (in-process.ts, openInProcess). It loads the module once, says
// { ready } (or { loadError }), then answers each { id, scenario, profile } with { id, observation },
// { id, threw, stack } or { id, uncopyable }. Plain JavaScript, so the thread needs no TypeScript loader of
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
  return simulate;
}

function described(error) {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

let simulate;
try {
  simulate = await load(workerData.path);
} catch (error) {
  parentPort.postMessage({ loadError: error.message });
}
if (simulate) {
  parentPort.on('message', async ({ id, scenario, profile }) => {
    let observation;
    try {
      observation = await simulate(scenario, profile);
    } catch (error) {
      parentPort.postMessage({
        id,
        threw: described(error),
        stack: error instanceof Error ? error.stack : '',
      });
      return;
    }
    try {
      parentPort.postMessage({ id, observation });
    } catch (error) {
      parentPort.postMessage({ id, uncopyable: described(error) });
    }
  });
  parentPort.postMessage({ ready: true });
}
