/**
 * Violation messages in domain words, whole: what a report shows its reader. Each names the alert, the
 * configuration that made the outcome wrong, and what the observation shows instead.
 */
import { describe, expect, it } from 'vitest';
import { xdrSettingBehaviours } from '../../model/invariants/xdr-setting.ts';
import { config, observation, raise, scenario, wait } from '../support/build.ts';
import { verdictOf, xdrAlert, xdrIncident } from './support-alerts.ts';

describe('XDR-SETTING-NO-ALERTS', () => {
  const s = scenario([raise('A1'), wait(30)], config({ xdrMdcSetting: 'No alerts' }));
  const sentence =
    "With XDR's MDC setting at 'No alerts', MDC alerts do not reach Defender XDR: A1 was raised at " +
    '2026-01-01T10:00:00Z, yet ';

  it('should say when Defender XDR received the alert', () => {
    const verdict = verdictOf(
      xdrSettingBehaviours,
      'XDR-SETTING-NO-ALERTS',
      s,
      observation({ xdr: { alerts: [xdrAlert('A1', 1)], incidents: [xdrIncident('5001', 1, ['A1'])] } }),
    );
    expect(verdict).toMatchObject({
      status: 'violated',
      message: `${sentence}Defender XDR received it at 2026-01-01T10:01:00.000Z`,
    });
  });

  it('should name the XDR incident holding it when XDR lists no alert', () => {
    const verdict = verdictOf(
      xdrSettingBehaviours,
      'XDR-SETTING-NO-ALERTS',
      s,
      observation({ xdr: { alerts: [], incidents: [xdrIncident('5001', 1, ['A1'])] } }),
    );
    expect(verdict).toMatchObject({
      status: 'violated',
      message: `${sentence}Defender XDR incident 5001 holds it`,
      witness: { alertRows: [], incidentRows: [], steps: [0], alerts: ['A1'] },
    });
  });
});
