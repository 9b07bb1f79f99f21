/**
 * The variant simulator (examples/variant-sim/): the clean variant answers generated scenarios with
 * observations that match the protocol's schema, under every timing and both profiles, in process and as a
 * subprocess; and each seeded bug changes the observation of a scenario made to reach it.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SEEDED_BUGS } from '../../examples/variant-sim/bugs.ts';
import { BUGS, type Bug, simulateVariant, type TimingMode } from '../../examples/variant-sim/sim.ts';
import type { Scenario as VariantScenario } from '../../examples/variant-sim/types.ts';
import { behaviourById } from '../../model/invariants/index.ts';
import type { Scenario } from '../../model/scenario.ts';
import { checkObservation } from '../../model/schema.ts';
import type { Step } from '../../model/timeline.ts';
import { casesOf } from '../../src/harness/suite.ts';
import { config, MDC_RULE, raise, scenario, wait } from '../support/build.ts';

const SEED = 20261128;

function run(s: Scenario, profile: 'ideal' | 'observed', timing: TimingMode = 'mixed', bug?: Bug) {
  return simulateVariant(s as unknown as VariantScenario, profile, { timing, bug });
}

describe('the clean variant', () => {
  const cases = casesOf(SEED, 40).slice(0, 40);
  for (const timing of ['mixed', 'latest', 'zero'] as const) {
    for (const profile of ['ideal', 'observed'] as const) {
      it(`answers 40 generated scenarios with schema-valid observations (${timing}, ${profile})`, () => {
        for (const input of cases) {
          const checked = checkObservation(run(input.scenario, profile, timing));
          expect(checked.ok ? 'ok' : checked.error.message).toBe('ok');
        }
      });
    }
  }

  it('answers them schema-valid with the other tie order too (zero timing, events first)', () => {
    for (const input of cases) {
      for (const profile of ['ideal', 'observed'] as const) {
        const observation = simulateVariant(input.scenario as unknown as VariantScenario, profile, {
          timing: 'zero',
          ties: 'events-first',
        });
        const checked = checkObservation(observation);
        expect(checked.ok ? 'ok' : checked.error.message).toBe('ok');
      }
    }
  });

  it('speaks the subprocess protocol: one response per request, by id, schema-valid', async () => {
    const main = fileURLToPath(new URL('../../examples/variant-sim/main.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', main], { stdio: ['pipe', 'pipe', 'inherit'] });
    const requests = cases.slice(0, 3).map((c, i) => ({
      protocol: 1,
      id: `r${i}`,
      scenario: c.scenario,
      profile: i % 2 === 0 ? 'ideal' : 'observed',
    }));
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
    });
    const closed = new Promise<void>((resolve) => child.on('close', () => resolve()));
    child.stdin.write(`${requests.map((r) => JSON.stringify(r)).join('\n')}\n`);
    child.stdin.write(`${JSON.stringify({ protocol: 2, id: 'r9', scenario: {}, profile: 'ideal' })}\n`);
    child.stdin.end();
    await closed;
    const responses = out
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { id: string; observation?: unknown; error?: string });
    expect(responses.map((r) => r.id)).toEqual(['r0', 'r1', 'r2', 'r9']);
    for (const response of responses.slice(0, 3)) {
      const checked = checkObservation(response.observation);
      expect(checked.ok ? 'ok' : checked.error.message).toBe('ok');
    }
    expect(responses[3]?.error).toMatch(/protocol 2/);
  }, 20_000);
});

const XDR_ON = config({ subscriptionConnector: [], tenantConnector: true, xdrConnector: true });

describe('a correlation in the instant an incident is closed in Sentinel', () => {
  it('tags the closed Sentinel incident redirected: XDR still had it open', () => {
    const s = scenario(
      [
        raise('A1'),
        raise('A2'),
        wait(40),
        {
          type: 'sentinel-incident-closed',
          alert: 'A1',
          provider: 'Microsoft XDR',
          classification: 'TruePositive',
        },
        { type: 'xdr-correlated', alerts: ['A1', 'A2'] },
      ],
      XDR_ON,
    );
    for (const timing of ['mixed', 'latest', 'zero'] as const) {
      const o = run(s, 'observed', timing);
      const first = o.xdr.incidents.find((x) => x.redirectIncidentId !== undefined);
      expect(first, timing).toBeDefined();
      const rows = o.SecurityIncident.filter((r) => r.ProviderIncidentId === first?.id);
      expect(rows.at(-1)?.Status, timing).toBe('Closed');
      expect(
        rows.at(-1)?.Labels.map((l) => l.labelName),
        timing,
      ).toContain('redirected');
    }
  });
});

/** A scenario that reaches each bug; `profile` where the bug shows only there. */
const REACHES: Record<Bug, { scenario: Scenario; profile?: 'ideal' | 'observed' }> = {
  'redirect-label-merged': {
    scenario: scenario(
      [raise('A1'), raise('A2'), wait(40), { type: 'xdr-correlated', alerts: ['A1', 'A2'] }],
      XDR_ON,
    ),
  },
  'merge-into-closed-target': {
    scenario: scenario(
      [
        raise('A1'),
        raise('A2'),
        wait(40),
        { type: 'xdr-incident-closed', alert: 'A1' },
        wait(1),
        { type: 'xdr-correlated', alerts: ['A1', 'A2'] },
      ],
      XDR_ON,
    ),
  },
  'tenant-row-at-close': {
    scenario: scenario(
      [
        raise('A1'),
        wait(40),
        {
          type: 'sentinel-incident-closed',
          alert: 'A1',
          provider: 'Azure Sentinel',
          classification: 'TruePositive',
        },
      ],
      config({ subscriptionConnector: [], tenantConnector: true, incidentRules: [MDC_RULE] }),
    ),
  },
  'sub-duplicate-rows': { scenario: scenario([raise('A1'), wait(1)]) },
  'sync-read-at-incident-creation': {
    scenario: scenario(
      [
        raise('A1'),
        wait(40),
        {
          type: 'config-changed',
          change: { kind: 'subscription-connector-enabled', subscription: 'sub-1', sync: true },
        },
        wait(1),
        {
          type: 'sentinel-incident-closed',
          alert: 'A1',
          provider: 'Azure Sentinel',
          classification: 'TruePositive',
        },
      ],
      config({ subscriptionConnector: [], tenantConnector: true, incidentRules: [MDC_RULE] }),
    ),
  },
  'incident-number-on-close': {
    scenario: scenario(
      [
        raise('A1'),
        wait(20),
        {
          type: 'sentinel-incident-closed',
          alert: 'A1',
          provider: 'Azure Sentinel',
          classification: 'TruePositive',
        },
      ],
      config({ incidentRules: [MDC_RULE] }),
    ),
  },
  'alert-id-per-minute': { scenario: scenario([raise('A1'), raise('A2'), wait(1)]) },
  'processing-end-late': { scenario: scenario([raise('A1'), wait(1)]) },
  'ticks-from-unix-epoch': { scenario: scenario([raise('A1'), wait(1)]) },
  'rule-product-prefix': {
    scenario: scenario(
      [raise('A1'), wait(1)],
      config({
        incidentRules: [
          { name: 'iot', productFilter: ['Azure Security Center for IoT'], severitiesFilter: [] },
        ],
      }),
    ),
  },
  'sentinel-close-xdr-inprogress': {
    scenario: scenario(
      [
        raise('A1'),
        wait(40),
        {
          type: 'sentinel-incident-closed',
          alert: 'A1',
          provider: 'Microsoft XDR',
          classification: 'TruePositive',
        },
      ] as Step[],
      XDR_ON,
    ),
  },
  'xdr-incident-as-sentinel': { scenario: scenario([raise('A1'), wait(1)], XDR_ON) },
};

describe('the seeded bugs', () => {
  it('are at least 10, each aimed at one behaviour of the catalogue', () => {
    expect(SEEDED_BUGS.length).toBeGreaterThanOrEqual(10);
    expect(SEEDED_BUGS.map((b) => b.bug).sort()).toEqual([...BUGS].sort());
    for (const b of SEEDED_BUGS) expect(behaviourById(b.target).id).toBe(b.target);
  });

  for (const bug of BUGS) {
    it(`${bug} changes the observation of a scenario that reaches it`, () => {
      const { scenario: s, profile = 'ideal' } = REACHES[bug];
      for (const timing of ['mixed', 'latest', 'zero'] as const) {
        const clean = run(s, profile, timing);
        const buggy = run(s, profile, timing, bug);
        expect(JSON.stringify(buggy), `${bug} under ${timing}`).not.toBe(JSON.stringify(clean));
      }
    });
  }
});
