/**
 * The variant simulator as a subprocess (docs/protocol.md): one JSON request per line on stdin, one
 * response per line on stdout. Run it with `npx tsx examples/variant-sim/main.ts`.
 */
import { createInterface } from 'node:readline';
import { optionsFromEnv, simulateVariant } from './sim.ts';
import type { Profile, Scenario } from './types.ts';

const options = optionsFromEnv();

function answer(line: string): string | undefined {
  if (line.trim() === '') return undefined;
  let id: unknown = null;
  try {
    const request = JSON.parse(line.replace(/^\uFEFF/, '')) as {
      protocol?: unknown;
      id?: unknown;
      scenario?: Scenario;
      profile?: Profile;
    };
    id = request.id;
    if (request.protocol !== 1)
      return JSON.stringify({ id, error: `protocol ${String(request.protocol)} is not supported (1 is)` });
    const observation = simulateVariant(request.scenario as Scenario, request.profile ?? 'ideal', options);
    return JSON.stringify({ id, observation });
  } catch (error) {
    return JSON.stringify({ id, error: error instanceof Error ? error.message : String(error) });
  }
}

const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
lines.on('line', (line) => {
  const response = answer(line);
  if (response !== undefined) process.stdout.write(`${response}\n`);
});
