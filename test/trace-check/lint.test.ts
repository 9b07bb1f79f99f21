/**
 * lintConfig's predictions: one per subscription and severity, each what the reference simulator predicts
 * for a one-alert probe in that subscription, whatever the size of the tenant.
 */
import { describe, expect, it } from 'vitest';
import { SEVERITIES } from '../../model/config.ts';
import { lintConfig, predict, renderLint } from '../../src/trace-check/lint.ts';
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

  it('should render a tenant of 20,000 subscriptions as one row per kind of subscription and severity', () => {
    const subscriptions = Array.from({ length: 20_000 }, (_, i) => `sub-${i}`);
    const workspace = config({
      subscriptions,
      // sub-0 and sub-1 with sync, sub-2 without; the other 19,997 with no subscription connector.
      subscriptionConnector: [
        { subscription: 'sub-0', sync: true },
        { subscription: 'sub-1', sync: true },
        { subscription: 'sub-2', sync: false },
      ],
      tenantConnector: true,
      xdrMdcSetting: 'All alerts',
      incidentRules: [MDC_RULE],
    });
    const text = renderLint(lintConfig(workspace), 'tenant.json');
    const rows = text.split('\n').filter((line) => /^\| sub-/.test(line));
    expect(rows).toHaveLength(3 * SEVERITIES.length);
    const who = [...new Set(rows.map((row) => row.split(' | ')[0]))];
    expect(who).toEqual(['| sub-0, sub-1', '| sub-2', '| sub-3, sub-4, sub-5 and 19,994 more']);
    // The findings name the first ten subscriptions left out and count the rest.
    expect(text).toContain(
      "but not on ['sub-3', 'sub-4', 'sub-5', 'sub-6', 'sub-7', 'sub-8', 'sub-9', 'sub-10', 'sub-11', 'sub-12'] and 19,987 more:",
    );
    expect(text.length).toBeLessThan(10_000);
    // The rows of a group are its first subscription's predictions.
    const { predictions } = lintConfig(workspace);
    const first = predictions.find((p) => p.subscription === 'sub-3' && p.severity === 'High');
    expect(first?.alertVia).toEqual(['tenant']);
    expect(rows.find((row) => row.startsWith('| sub-3, ') && row.includes('| High |'))).toMatch(
      /\| tenant connector \(1 row\) \|/,
    );
  });
});
