import { describe, expect, it } from 'vitest';
import { xdrSettingBehaviours } from '../../model/invariants/xdr-setting.ts';
import type { Observation } from '../../model/observation.ts';
import type { Scenario } from '../../model/scenario.ts';
import {
  alertRow,
  config,
  mdcAlert,
  observation,
  raise,
  scenario,
  systemAlertIdOf,
  wait,
} from '../support/build.ts';
import {
  configChanged,
  mdcChanged,
  tenantRow,
  verdictOf,
  xdrAlert,
  xdrIncident,
  xdrIncidentRow,
} from './support-alerts.ts';

const judge = (id: string) => (s: Scenario, obs: Observation) => verdictOf(xdrSettingBehaviours, id, s, obs);
const activeOnly = { alerts: [mdcAlert('A1', [[0, 'Active']])] };

describe('XDR-SETTING-NO-ALERTS', () => {
  const check = judge('XDR-SETTING-NO-ALERTS');
  const s = scenario([raise('A1'), wait(30)], config({ xdrMdcSetting: 'No alerts' }));

  it("should hold when an alert raised under 'No alerts' is not in Defender XDR", () => {
    expect(check(s, observation())).toEqual({ status: 'holds', situations: 1 });
  });

  it('should be violated when Defender XDR received the alert', () => {
    expect(check(s, observation({ xdr: { alerts: [xdrAlert('A1')], incidents: [] } }))).toMatchObject({
      status: 'violated',
      witness: { alertRows: [], steps: [0], alerts: ['A1'] },
    });
  });

  it('should be violated when a Defender XDR incident holds the alert', () => {
    const obs = observation({ xdr: { alerts: [], incidents: [xdrIncident('5001', 0, ['A1'])] } });
    expect(check(s, obs)).toMatchObject({ status: 'violated', witness: { steps: [0], alerts: ['A1'] } });
  });

  it("should not be exercised under 'All alerts'", () => {
    expect(check(scenario([raise('A1'), wait(30)]), observation())).toEqual({ status: 'not-exercised' });
  });
});

describe('XDR-ALL-ALERTS-NO-TENANT', () => {
  const check = judge('XDR-ALL-ALERTS-NO-TENANT');
  const s = scenario([raise('A1'), wait(40)]);
  const inXdr = { alerts: [xdrAlert('A1')], incidents: [] };

  it('should hold when Defender XDR holds the alert and nothing of it comes through the tenant connector', () => {
    const obs = observation({ SecurityAlert: [alertRow('A1', 2)], mdc: activeOnly, xdr: inXdr });
    expect(check(s, obs)).toEqual({ status: 'holds', situations: 1 });
  });

  it('should be violated when Defender XDR does not hold the alert', () => {
    expect(check(s, observation({ mdc: activeOnly }))).toMatchObject({
      status: 'violated',
      witness: { alertRows: [], steps: [0], alerts: ['A1'] },
    });
  });

  it('should be violated when a row comes through the tenant connector while it is off', () => {
    const obs = observation({ SecurityAlert: [tenantRow('A1', 20)], mdc: activeOnly, xdr: inXdr });
    expect(check(s, obs)).toMatchObject({
      status: 'violated',
      witness: { alertRows: [0], steps: [0], alerts: ['A1'] },
    });
  });

  it('should hold when the tenant connector, enabled later, forwards a later change', () => {
    const later = scenario([
      raise('A1'),
      wait(10),
      configChanged({ kind: 'tenant-connector', enabled: true }),
      wait(10),
      mdcChanged('A1', 'Resolved'),
      wait(40),
    ]);
    const obs = observation({
      SecurityAlert: [tenantRow('A1', 25, { Status: 'Resolved' })],
      mdc: {
        alerts: [
          mdcAlert('A1', [
            [0, 'Active'],
            [20, 'Resolved'],
          ]),
        ],
      },
      xdr: inXdr,
    });
    expect(check(later, obs)).toEqual({ status: 'holds', situations: 1 });
  });

  it('should not be exercised with the tenant connector on', () => {
    expect(
      check(scenario([raise('A1'), wait(40)], config({ tenantConnector: true })), observation()),
    ).toEqual({
      status: 'not-exercised',
    });
  });
});

describe('DOC-TEN-NO-INFORMATIONAL', () => {
  const check = judge('DOC-TEN-NO-INFORMATIONAL');
  const s = scenario(
    [raise('A1', { severity: 'Informational' }), wait(40)],
    config({ tenantConnector: true, xdrConnector: true }),
  );

  it('should hold when an Informational alert comes only through the subscription connector', () => {
    expect(check(s, observation({ SecurityAlert: [alertRow('A1', 2)] }))).toEqual({
      status: 'holds',
      situations: 1,
    });
  });

  it('should be violated when it comes through the tenant connector', () => {
    expect(check(s, observation({ SecurityAlert: [alertRow('A1', 2), tenantRow('A1', 20)] }))).toMatchObject({
      status: 'violated',
      witness: { alertRows: [1], steps: [0], alerts: ['A1'] },
    });
  });

  it('should be violated when it reaches Defender XDR', () => {
    expect(check(s, observation({ xdr: { alerts: [xdrAlert('A1')], incidents: [] } }))).toMatchObject({
      status: 'violated',
      witness: { alertRows: [], steps: [0], alerts: ['A1'] },
    });
  });

  it("should be violated when the XDR connector's incident holds it", () => {
    const obs = observation({
      SecurityAlert: [alertRow('A1', 2)],
      SecurityIncident: [xdrIncidentRow(1, 5, '5001', [systemAlertIdOf('A1')])],
    });
    expect(check(s, obs)).toMatchObject({
      status: 'violated',
      witness: { incidentRows: [0], alerts: ['A1'] },
    });
  });

  it('should not be exercised without an Informational alert', () => {
    expect(
      check(scenario([raise('A1'), wait(40)], config({ tenantConnector: true })), observation()),
    ).toEqual({
      status: 'not-exercised',
    });
  });
});
