/**
 * describeStep's words for every kind of step and configuration change (the timeline's vocabulary), and a
 * digest of its words for every step of 300 generated scenarios, taken before it moved from nested switches
 * to ts-pattern: the move changed no description.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Step } from '../../model/timeline.ts';
import { generateCases } from '../../src/harness/suite.ts';
import { describeStep } from '../../src/report/timeline.ts';

const rule = { name: 'mdc', productFilter: ['Azure Security Center' as const], severitiesFilter: [] };

const EXPECTED: [Step, string][] = [
  [{ type: 'wait', minutes: 5 }, '5 min pass'],
  [
    {
      type: 'alert-raised',
      alert: 'A1',
      guid: 'g',
      subscription: 'sub-1',
      severity: 'High',
      alertType: 'VM_X',
    },
    'alert A1 raised in sub-1 (High, VM_X)',
  ],
  [
    { type: 'mdc-status-changed', alert: 'A1', status: 'Resolved' },
    'in Defender for Cloud, A1 set to Resolved',
  ],
  [
    {
      type: 'sentinel-incident-closed',
      alert: 'A1',
      provider: 'Azure Sentinel',
      classification: 'FalsePositive',
    },
    'in Sentinel, the Azure Sentinel incident of A1 closed (FalsePositive)',
  ],
  [
    { type: 'sentinel-incident-updated', alert: 'A1', provider: 'Microsoft XDR', status: 'Active' },
    'in Sentinel, the Microsoft XDR incident of A1 set to Active',
  ],
  [{ type: 'xdr-incident-closed', alert: 'A2' }, 'in Defender XDR, the incident of A2 closed'],
  [{ type: 'xdr-correlated', alerts: ['A1', 'A2'] }, 'Defender XDR correlates the incidents of A1, A2'],
  [{ type: 'subscription-added', subscription: 'sub-3' }, 'subscription sub-3 created'],
  [
    {
      type: 'config-changed',
      change: { kind: 'subscription-connector-enabled', subscription: 'sub-1', sync: true },
    },
    'subscription connector enabled on sub-1 with bi-directional sync',
  ],
  [
    {
      type: 'config-changed',
      change: { kind: 'subscription-connector-enabled', subscription: 'sub-1', sync: false },
    },
    'subscription connector enabled on sub-1',
  ],
  [
    { type: 'config-changed', change: { kind: 'subscription-connector-disabled', subscription: 'sub-2' } },
    'subscription connector disabled on sub-2',
  ],
  [
    { type: 'config-changed', change: { kind: 'tenant-connector', enabled: true } },
    'tenant connector enabled',
  ],
  [
    { type: 'config-changed', change: { kind: 'tenant-connector', enabled: false } },
    'tenant connector disabled',
  ],
  [
    { type: 'config-changed', change: { kind: 'xdr-mdc-setting', value: 'No alerts' } },
    "Defender XDR's MDC alert setting set to 'No alerts'",
  ],
  [
    { type: 'config-changed', change: { kind: 'xdr-connector', enabled: true } },
    'Defender XDR connector enabled',
  ],
  [
    { type: 'config-changed', change: { kind: 'xdr-connector', enabled: false } },
    'Defender XDR connector disabled',
  ],
  [
    { type: 'config-changed', change: { kind: 'rule-added', rule } },
    'incident creation rule mdc added (Azure Security Center)',
  ],
  [
    { type: 'config-changed', change: { kind: 'rule-removed', name: 'mdc' } },
    'incident creation rule mdc removed',
  ],
];

describe('describeStep', () => {
  it.each(EXPECTED.map(([step, text]) => [text, step] as const))('says "%s"', (text, step) => {
    expect(describeStep(step)).toBe(text);
  });

  it('describes the steps of 300 generated scenarios as it did before ts-pattern', () => {
    const hash = createHash('sha256');
    let steps = 0;
    for (const { scenario } of generateCases(20_261_128, 300))
      for (const step of scenario.timeline) {
        hash.update(`${describeStep(step)}\n`);
        steps += 1;
      }
    // Taken with the switch-based describeStep of commit 1b111ce on today's generator (which gained directed
    // sync and merged-close episodes, so the cases differ from the earlier pins' 5,610 and 5,947 steps): the
    // ts-pattern version agrees.
    expect({ steps, digest: hash.digest('hex').slice(0, 16) }).toEqual({
      steps: 6170,
      digest: '266116af5048fb6d',
    });
  });
});
