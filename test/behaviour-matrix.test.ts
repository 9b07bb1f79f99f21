import { describe, expect, it } from 'vitest';
import { type MatrixKey, matrixCell, matrixKeys } from '../src/report/behaviour-matrix.ts';

const key = (part: Partial<MatrixKey>): MatrixKey => ({
  subscription: 'off',
  tenant: false,
  xdrSetting: 'All alerts',
  xdrConnector: false,
  rule: false,
  ...part,
});

describe('the behaviour matrix', () => {
  it('should cover every combination of the five settings once (3 × 2 × 2 × 2 × 2)', () => {
    const keys = matrixKeys();
    expect(keys).toHaveLength(48);
    expect(new Set(keys.map((k) => JSON.stringify(k))).size).toBe(48);
  });

  it('should bring the alert through the subscription connector but make no incident without a rule (L27, L41)', () => {
    const cell = matrixCell(key({ subscription: 'on' }));
    expect(cell.alertVia).toEqual(['subscription']);
    expect(cell.incidents).toEqual([]);
  });

  it('should make one Azure Sentinel incident with a rule, synced back to MDC only with sync on (L48, L56, L61)', () => {
    expect(matrixCell(key({ subscription: 'on', rule: true }))).toMatchObject({
      incidents: ['Azure Sentinel'],
      ruleCloseToMdc: false,
    });
    expect(matrixCell(key({ subscription: 'on+sync', rule: true }))).toMatchObject({
      incidents: ['Azure Sentinel'],
      ruleCloseToMdc: true,
    });
  });

  it('should leave the incident intact when the alert is closed in MDC (L54)', () => {
    expect(matrixCell(key({ subscription: 'on+sync', rule: true })).mdcCloseToIncident).toBe(false);
  });

  it('should bring duplicates through both connectors under one incident (L85, L87)', () => {
    expect(matrixCell(key({ subscription: 'on', tenant: true, rule: true }))).toMatchObject({
      alertVia: ['subscription', 'tenant'],
      alertRows: 2,
      incidents: ['Azure Sentinel'],
    });
  });

  it("should silence the tenant connector under 'No alerts' (L98)", () => {
    expect(matrixCell(key({ tenant: true, xdrSetting: 'No alerts', rule: true })).alertVia).toEqual([]);
  });

  it("should forward nothing from XDR with 'All alerts' and the tenant connector off (L108)", () => {
    expect(matrixCell(key({ subscription: 'on' })).alertVia).toEqual(['subscription']);
  });

  it('should bring an empty XDR incident when no MDC connector is on (L136)', () => {
    expect(matrixCell(key({ xdrConnector: true }))).toMatchObject({
      alertVia: [],
      incidents: ['Microsoft XDR'],
      emptyIncident: true,
    });
  });

  it('should bring the XDR incident whichever MDC connector is on, with the alert under it (L129, L136)', () => {
    for (const part of [{ subscription: 'on' as const }, { tenant: true }]) {
      expect(matrixCell(key({ ...part, xdrConnector: true }))).toMatchObject({
        incidents: ['Microsoft XDR'],
        emptyIncident: false,
      });
    }
  });

  it('should sync incident closure both ways through the XDR connector (L131)', () => {
    expect(matrixCell(key({ tenant: true, xdrConnector: true }))).toMatchObject({
      xdrCloseToMdc: true,
      xdrToSentinel: true,
    });
  });

  it('should duplicate incidents when a rule is on top of the XDR connector (L153)', () => {
    expect(matrixCell(key({ tenant: true, xdrConnector: true, rule: true })).incidents).toEqual([
      'Azure Sentinel',
      'Microsoft XDR',
    ]);
  });

  it("should bring no XDR incident under 'No alerts' (L147)", () => {
    expect(
      matrixCell(key({ subscription: 'on', xdrSetting: 'No alerts', xdrConnector: true })).incidents,
    ).toEqual([]);
  });
});
