/**
 * The package as a user gets it: `npm pack` makes the tarball (dist/ is fresh: vitest's global set-up
 * builds it when stale, as prepack does), which is installed into an empty project with no network. npm
 * ci --offline takes every dependency (fast-check, ts-pattern, @sinclair/typebox, tsx, and typescript for
 * the type check) from the local npm cache, by the integrity this repository's package-lock.json records,
 * from a lockfile made here: `npm install --offline <tarball>` would need the registry's package documents,
 * which `npm ci` never caches. There, the bin runs from compiled JavaScript, a TypeScript module is a --sut,
 * an .mjs file imports the API, and a .ts file using it type-checks with the project's own tsc.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../model/spec/catalogue.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PACKAGE = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  license: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  bin: Record<string, string>;
  engines: Record<string, string>;
};
const LOCK = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, Record<string, unknown>>;
};
const NPM_CLI = join(process.execPath, '../../lib/node_modules/npm/bin/npm-cli.js');

const work = mkdtempSync(join(tmpdir(), 'sc-pack-'));
const project = join(work, 'project');
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

function exec(file: string, args: string[], cwd: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const env = Object.fromEntries(
      Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST')),
    );
    execFile(
      file,
      args,
      { cwd, env: { ...env, FORCE_COLOR: '0' }, maxBuffer: 64 << 20 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

const npm = (args: string[], cwd: string) =>
  existsSync(NPM_CLI) ? exec(process.execPath, [NPM_CLI, ...args], cwd) : exec('npm', args, cwd);

/**
 * package.json and package-lock.json of a project depending on the tarball (and on typescript and
 * @types/node): every other entry is this repository's own, with its integrity, so npm finds it in the cache.
 */
function writeProject(tarball: string): void {
  const wanted = {
    [PACKAGE.name]: `file:${tarball}`,
    typescript: PACKAGE.devDependencies.typescript as string,
    '@types/node': PACKAGE.devDependencies['@types/node'] as string,
  };
  const packages: Record<string, Record<string, unknown>> = {};
  const todo = [...Object.keys(PACKAGE.dependencies), 'typescript', '@types/node'];
  for (let name = todo.pop(); name !== undefined; name = todo.pop()) {
    const key = `node_modules/${name}`;
    const entry = LOCK.packages[key];
    if (packages[key] || !entry) continue; // seen, or an optional package for another platform
    const { dev: _dev, devOptional: _devOptional, peer: _peer, ...kept } = entry;
    packages[key] = kept;
    for (const field of ['dependencies', 'optionalDependencies'])
      todo.push(...Object.keys((entry[field] as Record<string, string> | undefined) ?? {}));
  }
  const self = {
    version: PACKAGE.version,
    resolved: `file:${tarball}`,
    license: PACKAGE.license,
    dependencies: PACKAGE.dependencies,
    bin: PACKAGE.bin,
    engines: PACKAGE.engines,
  };
  mkdirSync(project, { recursive: true });
  const manifest = { name: 'user-project', private: true, type: 'module', dependencies: wanted };
  writeFileSync(join(project, 'package.json'), JSON.stringify(manifest, null, 2));
  const lock = {
    name: 'user-project',
    lockfileVersion: 3,
    requires: true,
    packages: {
      '': { name: 'user-project', dependencies: wanted },
      [`node_modules/${PACKAGE.name}`]: self,
      ...packages,
    },
  };
  writeFileSync(join(project, 'package-lock.json'), JSON.stringify(lock, null, 2));
}

let packed: { filename: string; files: { path: string }[] };

beforeAll(async () => {
  const pack = await npm(['pack', '--ignore-scripts', '--json', '--pack-destination', work], ROOT);
  expect(pack.code, pack.stderr).toBe(0);
  packed = (JSON.parse(pack.stdout) as (typeof packed)[])[0] as typeof packed;
  writeProject(`../${packed.filename}`);
  const install = await npm(['ci', '--offline', '--ignore-scripts', '--no-audit', '--no-fund'], project);
  expect(install.code, `npm ci --offline: ${install.stderr}`).toBe(0);
}, 300_000);

describe('the packed tarball, installed offline in an empty project', () => {
  it('holds the compiled suite, its declarations and what it reads at run time, and no TypeScript sources', () => {
    const files = packed.files.map((f) => f.path);
    for (const needed of [
      'bin/sentinel-conformance.mjs',
      'dist/help.json',
      'dist/src/index.js',
      'dist/src/index.d.ts',
      'dist/src/vitest/index.js',
      'dist/src/api/model.d.ts',
      'dist/src/adapters/module-worker.mjs',
      'docs/protocol.md',
      'package.json',
    ])
      expect(files).toContain(needed);
    expect(files.filter((f) => /\.ts$/.test(f) && !f.endsWith('.d.ts'))).toEqual([]);
    expect(files.filter((f) => f.startsWith('test/') || f.startsWith('src/'))).toEqual([]);
  });

  it('runs `npx sentinel-conformance run --runs 100` and answers --version', async () => {
    const version = await exec('npx', ['--offline', 'sentinel-conformance', '--version'], project);
    expect(version.stdout.trim()).toBe(PACKAGE.version);
    const run = await exec(
      'npx',
      ['--offline', 'sentinel-conformance', 'run', '--runs', '100', '--out', 'out'],
      project,
    );
    expect(run.stderr).toMatch(/reports written: out\/report\.json/);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(project, 'out/report.json'), 'utf8')) as {
      runs: { profile: string; runs: number; summary: { conforms: boolean } }[];
    };
    expect(report.runs.map((r) => [r.profile, r.runs, r.summary.conforms])).toEqual([
      ['ideal', 100, true],
      ['observed', 100, true],
    ]);
  });

  it("runs a user's TypeScript module as --sut (tsx loads the user's file; the suite itself is JavaScript)", async () => {
    writeFileSync(
      join(project, 'my-sim.ts'),
      "import { referenceSimulate } from 'sentinel-conformance';\nimport type { Observation, ProfileName, Scenario } from 'sentinel-conformance/model';\n\nexport function simulate(scenario: Scenario, profile: ProfileName): Observation {\n  return referenceSimulate(scenario, profile);\n}\n",
    );
    const run = await exec(
      'npx',
      [
        '--offline',
        'sentinel-conformance',
        'run',
        '--sut',
        'my-sim.ts',
        '--runs',
        '30',
        '--profile',
        'ideal',
        '--out',
        'out-ts',
      ],
      project,
    );
    expect(run.code, run.stderr).toBe(0);
  });

  it('imports the API from an .mjs file', async () => {
    writeFileSync(
      join(project, 'use.mjs'),
      `import { behaviours, lintWorkspace, referenceSimulate, runConformance, SUITE_VERSION } from 'sentinel-conformance';
import { validateScenario } from 'sentinel-conformance/model';
const { exitCode, report } = await runConformance({ sut: referenceSimulate, name: 'mjs', runs: 50, profiles: 'ideal' });
const lint = lintWorkspace({ subscriptions: ['s1'], subscriptionConnector: [], tenantConnector: true, xdrMdcSetting: 'No alerts', xdrConnector: false, incidentRules: [] });
console.log(JSON.stringify({ version: SUITE_VERSION, behaviours: behaviours().length, exitCode, run: report.runs[0].implementation, lint: lint.findings.length > 0, validate: typeof validateScenario }));
`,
    );
    const out = await exec(process.execPath, ['use.mjs'], project);
    expect(out.code, out.stderr).toBe(0);
    expect(JSON.parse(out.stdout)).toEqual({
      version: PACKAGE.version,
      behaviours: CATALOGUE.length,
      exitCode: 0,
      run: 'mjs',
      lint: true,
      validate: 'function',
    });
  });

  it("type-checks a .ts file that uses the API with the project's own tsc (and a wrong use is an error)", async () => {
    writeFileSync(
      join(project, 'use.ts'),
      `import { type ConformanceResult, lintWorkspace, runConformance, type WorkspaceConfig } from 'sentinel-conformance';
import type { Observation, Scenario } from 'sentinel-conformance/model';
import { describeConformance } from 'sentinel-conformance/vitest';

const config: WorkspaceConfig = {
  subscriptions: ['s1'],
  subscriptionConnector: [{ subscription: 's1', sync: true }],
  tenantConnector: false,
  xdrMdcSetting: 'No alerts',
  xdrConnector: false,
  incidentRules: [],
};
export const findings: number = lintWorkspace(config).findings.length;
const simulate = (scenario: Scenario): Observation => {
  throw new Error(\`not yet: \${scenario.start}\`);
};
export const result: Promise<ConformanceResult> = runConformance({ sut: simulate, runs: 1 });
export const suite: typeof describeConformance | undefined = undefined;
// @ts-expect-error: the API's types are real: a number is no configuration
lintWorkspace(42);
`,
    );
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          target: 'ES2022',
          strict: true,
          noEmit: true,
          types: ['node'],
          skipLibCheck: true,
        },
        files: ['use.ts'],
      }),
    );
    const tsc = await exec(
      process.execPath,
      [join(project, 'node_modules/typescript/bin/tsc'), '-p', '.'],
      project,
    );
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.code).toBe(0);
  });
});
