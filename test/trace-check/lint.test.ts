/**
 * lintConfig's predictions: one per subscription and severity, each what the reference simulator predicts
 * for a one-alert probe in that subscription, whatever the size of the tenant.
 */
import { describe, expect, it } from 'vitest';
import { SEVERITIES } from '../../model/config.ts';
import { lintConfig, predict } from '../../src/trace-check/lint.ts';
import { config, MDC_RULE } from '../support/build.ts';

describe('lintConfig', () => {
  it('should predict for each subscription what probing it alone predicts', () => {
    const workspace = config({
      subscriptions: ['sub-a', 'sub-b', 'sub-c', 'sub-d'],
      subscriptionConnector: [
        { subscription: 'sub-a', sync: true },
        { subscription: 'sub-b', sync: false },
        { subscription: 'sub-d', sync: true },
      ],
      tenantConnector: true,
      xdrMdcSetting: 'All alerts',
      incidentRules: [MDC_RULE],
    });
    const { predictions } = lintConfig(workspace);
    const probed = workspace.subscriptions.flatMap((s) => SEVERITIES.map((v) => predict(workspace, s, v)));
    expect(predictions).toEqual(probed);
    // The kinds of subscription are told apart: with a connector and sync, without sync, with no connector.
    const high = (s: string) => {
      const { subscription: _, ...rest } =
        predictions.find((p) => p.subscription === s && p.severity === 'High') ?? {};
      return JSON.stringify(rest);
    };
    expect(new Set(['sub-a', 'sub-b', 'sub-c'].map(high)).size).toBe(3);
  });

  it('should predict for a tenant of 5,000 subscriptions, one line each per severity', () => {
    const subscriptions = Array.from({ length: 5_000 }, (_, i) => `sub-${i}`);
    const workspace = config({
      subscriptions,
      subscriptionConnector: subscriptions
        .slice(0, 3_000)
        .map((s, i) => ({ subscription: s, sync: i % 2 === 0 })),
      tenantConnector: true,
    });
    const { predictions } = lintConfig(workspace);
    expect(predictions).toHaveLength(5_000 * SEVERITIES.length);
    expect(predictions.at(-1)).toMatchObject({ subscription: 'sub-4999', alertVia: ['tenant'] });
  });
});
