#!/usr/bin/env node
// Builds dist/: the suite compiled to JavaScript (tsc -p tsconfig.build.json, which rewrites the sources'
// `.ts` import extensions to `.js`), the non-TypeScript files the code loads at run time, and dist/help.json,
// the CLI's --help and --version texts taken from the compiled CLI itself, so that the bin answers them
// without loading the suite. Built into a fresh directory that then replaces dist/ whole: a build that fails
// leaves the previous dist/ as it was. `--if-stale` builds only when a source is newer than the last build.
// Run by `npm run build`, and by npm itself on `npm ci`/`npm install` (prepare) and `npm pack` (prepack).
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const DIST = join(ROOT, 'dist');
const STAMP = join(DIST, 'help.json');
const SOURCES = [
  'model',
  'properties',
  'src',
  'mutants',
  'package.json',
  'tsconfig.json',
  'tsconfig.build.json',
  'scripts/build.mjs',
];
/** Files the compiled code reads beside itself, copied as they are. */
const ASSETS = ['src/adapters/module-worker.mjs'];

function newestMtime(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

export function isStale() {
  if (!existsSync(STAMP)) return true;
  const built = statSync(STAMP).mtimeMs;
  return SOURCES.some((source) => existsSync(join(ROOT, source)) && newestMtime(join(ROOT, source)) > built);
}

/** Declarations keep the sources' `.ts` specifiers: point them at the emitted `.js`/`.d.ts` pairs instead. */
function rewriteDeclarations(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) rewriteDeclarations(path);
    else if (entry.name.endsWith('.d.ts')) {
      const text = readFileSync(path, 'utf8');
      const fixed = text.replace(/((?:from|import)\s*\(?\s*['"]\.{1,2}\/[^'"]*?)\.ts(['"])/g, '$1.js$2');
      if (fixed !== text) writeFileSync(path, fixed);
    }
  }
}

export async function build() {
  const out = join(ROOT, `dist.tmp-${process.pid}`);
  rmSync(out, { recursive: true, force: true });
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const compiled = spawnSync(
    process.execPath,
    [tsc, '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', out],
    {
      cwd: ROOT,
      stdio: 'inherit',
    },
  );
  if (compiled.status !== 0) {
    rmSync(out, { recursive: true, force: true });
    throw new Error(`tsc failed (exit ${compiled.status}): dist/ left as it was`);
  }
  for (const asset of ASSETS) cpSync(join(ROOT, asset), join(out, asset));
  rewriteDeclarations(out);
  const { COMMANDS, helpText } = await import(pathToFileURL(join(out, 'src/cli/main.js')).href);
  const { SUITE_VERSION } = await import(pathToFileURL(join(out, 'src/version.js')).href);
  const commands = Object.fromEntries(
    Object.entries(COMMANDS).map(([name, c]) => [name, `${c.summary}\n\nUsage: ${c.usage}`]),
  );
  writeFileSync(
    join(out, 'help.json'),
    `${JSON.stringify({ version: SUITE_VERSION, help: helpText(), commands })}\n`,
  );
  rmSync(DIST, { recursive: true, force: true });
  try {
    renameSync(out, DIST);
  } catch (error) {
    // Another build (a second vitest, say) put its dist/ in place first: from the same sources, so it stands.
    rmSync(out, { recursive: true, force: true });
    if (!existsSync(STAMP)) throw error;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const ifStale = process.argv.includes('--if-stale');
  if (ifStale && !isStale()) process.exit(0);
  const started = Date.now();
  build().then(
    () => console.error(`built dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s`),
    (error) => {
      console.error(`build failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    },
  );
}
