/**
 * Generation inside a declaration (properties/declared.ts): for any declaration, every generated scenario is
 * valid and inside it, holds every alert the unrestricted case raised, and still shrinks and replays from
 * (seed, path); a declaration that leaves nothing out generates exactly the unrestricted cases. The checker
 * `outside` is written from docs/protocol.md, apart from the mapping, and is seen to catch unrestricted cases.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../model/scenario.ts';
import {
  CONFIG_CHANGE_KINDS,
  CONFIG_PARTS,
  type ConfigPart,
  checkScenario,
  REQUIRED_STEP_TYPES,
} from '../../model/schema.ts';
import { STEP_TYPES } from '../../model/timeline.ts';
import { caseArb } from '../../properties/arbitraries.ts';
import {
  declaredCaseArb,
  restrictScenario,
  type Supported,
  supportedBy,
  supportsEverything,
} from '../../properties/declared.ts';
import { caseArbFor, generateCases } from '../../src/harness/suite.ts';

const SEED = 20_261_207;

/** Why a scenario is outside the declaration, or undefined. */
function outside(scenario: Scenario, s: Supported): string | undefined {
  const { config } = scenario;
  const has = (part: ConfigPart) => s.config.has(part);
  if (!has('subscription-connector') && config.subscriptionConnector.length > 0)
    return 'subscription connector';
  if (!has('sync') && config.subscriptionConnector.some((c) => c.sync)) return 'sync';
  if (!has('tenant-connector') && config.tenantConnector) return 'tenant connector';
  if (!has('xdr-all-alerts') && config.xdrMdcSetting === 'All alerts') return "'All alerts'";
  if (!has('xdr-no-alerts') && config.xdrMdcSetting === 'No alerts') return "'No alerts'";
  if (!has('xdr-connector') && config.xdrConnector) return 'XDR connector';
  if (!has('incident-rules') && config.incidentRules.length > 0) return 'rules';
  for (const [i, step] of scenario.timeline.entries()) {
    if (!s.steps.has(step.type)) return `timeline[${i}]: ${step.type}`;
    // A Sentinel step names its incident's source: the XDR connector's incident is outside without the XDR
    // connector, and a rule's incident is outside without incident rules when the XDR connector's remains.
    if (step.type === 'sentinel-incident-closed' || step.type === 'sentinel-incident-updated') {
      if (step.provider === 'Microsoft XDR' && !has('xdr-connector')) return `timeline[${i}]: XDR incident`;
      if (step.provider === 'Azure Sentinel' && !has('incident-rules') && has('xdr-connector'))
        return `timeline[${i}]: rule incident`;
    }
    if (step.type !== 'config-changed') continue;
    const { change } = step;
    if (!s.configChanges.has(change.kind)) return `timeline[${i}]: ${change.kind}`;
    const needs: ConfigPart | undefined = {
      'subscription-connector-enabled': 'subscription-connector' as const,
      'subscription-connector-disabled': 'subscription-connector' as const,
      'tenant-connector': 'tenant-connector' as const,
      'xdr-mdc-setting':
        change.kind === 'xdr-mdc-setting' && change.value === 'All alerts'
          ? ('xdr-all-alerts' as const)
          : ('xdr-no-alerts' as const),
      'xdr-connector': 'xdr-connector' as const,
      'rule-added': 'incident-rules' as const,
      'rule-removed': 'incident-rules' as const,
    }[change.kind];
    if (needs && !has(needs)) return `timeline[${i}]: ${change.kind} needs ${needs}`;
    if (change.kind === 'subscription-connector-enabled' && change.sync && !has('sync'))
      return `timeline[${i}]: sync`;
  }
  return undefined;
}

const alertsOf = (scenario: Scenario) =>
  scenario.timeline.flatMap((step) => (step.type === 'alert-raised' ? [step.alert] : []));

const supportedArb: fc.Arbitrary<Supported> = fc
  .record({
    steps: fc.subarray(STEP_TYPES.filter((t) => !(REQUIRED_STEP_TYPES as readonly string[]).includes(t))),
    configChanges: fc.subarray([...CONFIG_CHANGE_KINDS]),
    config: fc.subarray(CONFIG_PARTS.filter((p) => p !== 'xdr-all-alerts' && p !== 'xdr-no-alerts')),
    xdr: fc.constantFrom(
      ['xdr-all-alerts'] as const,
      ['xdr-no-alerts'] as const,
      ['xdr-all-alerts', 'xdr-no-alerts'] as const,
    ),
  })
  .map(({ steps, configChanges, config, xdr }) =>
    supportedBy({ steps: [...REQUIRED_STEP_TYPES, ...steps], configChanges, config: [...config, ...xdr] }),
  );

describe('properties/declared.ts', () => {
  it('maps every case inside any declaration: valid, inside, the same alerts, unchanged when already inside', () => {
    fc.assert(
      fc.property(supportedArb, caseArb, (supported, input) => {
        const mapped = restrictScenario(input.scenario, supported);
        const checked = checkScenario(mapped);
        expect(checked.ok ? 'valid' : checked.error.message).toBe('valid');
        expect(outside(mapped, supported)).toBeUndefined();
        expect(alertsOf(mapped)).toEqual(alertsOf(input.scenario));
        expect(restrictScenario(mapped, supported)).toEqual(mapped);
        if (outside(input.scenario, supported) === undefined) expect(mapped).toEqual(input.scenario);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('the checker sees unrestricted cases outside a declaration', () => {
    const noTenant = supportedBy({ config: CONFIG_PARTS.filter((p) => p !== 'tenant-connector') });
    const cases = generateCases(SEED, 100);
    expect(cases.some(({ scenario }) => outside(scenario, noTenant) === 'tenant connector')).toBe(true);
    const noCorrelation = supportedBy({ steps: STEP_TYPES.filter((t) => t !== 'xdr-correlated') });
    expect(cases.some(({ scenario }) => outside(scenario, noCorrelation)?.endsWith('xdr-correlated'))).toBe(
      true,
    );
    const noXdrConnector = supportedBy({ config: CONFIG_PARTS.filter((p) => p !== 'xdr-connector') });
    expect(cases.some(({ scenario }) => outside(scenario, noXdrConnector)?.endsWith('XDR incident'))).toBe(
      true,
    );
  });

  it('a declaration leaving nothing out generates exactly the unrestricted cases', () => {
    const all = supportedBy({});
    expect(supportsEverything(all)).toBe(true);
    expect(caseArbFor(all)).toBe(caseArb);
    expect(caseArbFor(undefined)).toBe(caseArb);
    expect(declaredCaseArb(all)).toBe(caseArb);
  });

  it('a failing case shrinks inside the declaration and replays from its seed and path', () => {
    const supported = supportedBy({
      config: ['subscription-connector', 'xdr-no-alerts'],
      profiles: ['ideal'],
    });
    const arb = caseArbFor(supported);
    const property = fc.property(
      arb,
      (input) => !input.scenario.timeline.some((s) => s.type === 'xdr-incident-closed'),
    );
    const details = fc.check(property, { seed: SEED, numRuns: 500 });
    expect(details.failed).toBe(true);
    const [shrunk] = details.counterexample ?? [];
    if (!shrunk || details.counterexamplePath === null) throw new Error('no counterexample');
    expect(outside(shrunk.scenario, supported)).toBeUndefined();
    // Shrunk: down to one intent that closes an XDR incident (an episode of a few steps at most).
    expect(details.numShrinks).toBeGreaterThan(0);
    expect(shrunk.scenario.timeline.filter((s) => s.type === 'xdr-incident-closed')).toHaveLength(1);
    expect(shrunk.scenario.timeline.length).toBeLessThanOrEqual(8);
    const again = fc.check(property, { seed: SEED, numRuns: 500, path: details.counterexamplePath });
    expect(again.counterexample?.[0]).toEqual(shrunk);
  });
});
