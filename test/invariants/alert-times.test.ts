import { describe, expect, it } from 'vitest';
import { alertTimeBehaviours } from '../../model/invariants/alert-times.ts';
import type { Observation } from '../../model/observation.ts';
import { OBSERVED, type Profile } from '../../model/profile.ts';
import { alertRow, at, observation, raise, scenario, wait } from '../support/build.ts';
import { verdictOf } from './support-alerts.ts';

const s = scenario([raise('A1'), wait(40)]);
const judge = (id: string) => (obs: Observation, profile?: Profile) =>
  verdictOf(alertTimeBehaviours, id, s, obs, profile);
/** A subscription row whose StartTime and EndTime are written an hour ahead of UTC. */
const shiftedAnHour = alertRow('A1', 2, { StartTime: at(60), EndTime: at(60) });
/** A row whose name and times say the alert started 30 minutes after it was raised. */
const fromTheFuture = alertRow('A1', 5, {}, 30);

describe('DOC-TIME-ORDER', () => {
  const check = judge('DOC-TIME-ORDER');

  it('should hold when StartTime ≤ EndTime ≤ ProcessingEndTime ≤ TimeGenerated', () => {
    expect(check(observation({ SecurityAlert: [alertRow('A1', 2)] }))).toEqual({
      status: 'holds',
      situations: 1,
    });
  });

  it('should be violated when ProcessingEndTime lies after TimeGenerated', () => {
    const obs = observation({
      SecurityAlert: [alertRow('A1', 2), alertRow('A1', 3, { ProcessingEndTime: at(5) })],
    });
    expect(check(obs)).toMatchObject({ status: 'violated', witness: { alertRows: [1], alerts: ['A1'] } });
  });

  it('should compare only the columns present', () => {
    const obs = observation({ SecurityAlert: [alertRow('A1', 2, { ProcessingEndTime: '' })] });
    expect(check(obs)).toEqual({ status: 'holds', situations: 1 });
  });

  it('should excuse a non-UTC StartTime only where the profile allows Q-NON-UTC-STARTTIME', () => {
    const obs = observation({ SecurityAlert: [shiftedAnHour] });
    expect(check(obs, OBSERVED)).toEqual({ status: 'holds', situations: 1 });
    expect(check(obs)).toMatchObject({ status: 'violated', witness: { alertRows: [0], alerts: ['A1'] } });
  });

  it('should excuse a future time only where the profile allows Q-FUTURE-TIME', () => {
    const obs = observation({ SecurityAlert: [fromTheFuture] });
    expect(check(obs, OBSERVED)).toEqual({ status: 'holds', situations: 1 });
    expect(check(obs)).toMatchObject({ status: 'violated', witness: { alertRows: [0], alerts: ['A1'] } });
  });

  it('should not be exercised without rows', () => {
    expect(check(observation())).toEqual({ status: 'not-exercised' });
  });
});

describe('DOC-MDC-NAME-ENCODES-START', () => {
  const check = judge('DOC-MDC-NAME-ENCODES-START');

  it("should hold when the name encodes the row's StartTime and the alert's raise", () => {
    expect(check(observation({ SecurityAlert: [alertRow('A1', 2)] }))).toEqual({
      status: 'holds',
      situations: 1,
    });
  });

  it('should be violated when StartTime differs from the encoded start by other than a time-zone offset', () => {
    const obs = observation({ SecurityAlert: [alertRow('A1', 2, { StartTime: at(7) })] });
    expect(check(obs, OBSERVED)).toMatchObject({
      status: 'violated',
      witness: { alertRows: [0], alerts: ['A1'] },
    });
  });

  it('should excuse a time-zone offset only where the profile allows Q-NON-UTC-STARTTIME', () => {
    const obs = observation({ SecurityAlert: [shiftedAnHour] });
    expect(check(obs, OBSERVED)).toEqual({ status: 'holds', situations: 1 });
    expect(check(obs)).toMatchObject({ status: 'violated', witness: { alertRows: [0] } });
  });

  it("should excuse a name encoding a start after the alert's raise only where the profile allows Q-FUTURE-TIME", () => {
    const obs = observation({ SecurityAlert: [fromTheFuture] });
    expect(check(obs, OBSERVED)).toEqual({ status: 'holds', situations: 1 });
    expect(check(obs)).toMatchObject({ status: 'violated', witness: { alertRows: [0], alerts: ['A1'] } });
  });

  it('should be violated when an MDC row carries no MDC alert name', () => {
    const obs = observation({ SecurityAlert: [alertRow('A1', 2, { VendorOriginalId: 'plain' })] });
    expect(check(obs)).toMatchObject({ status: 'violated', witness: { alertRows: [0], alerts: ['sa-A1'] } });
  });

  it('should not be exercised by rows of other products', () => {
    const obs = observation({
      SecurityAlert: [alertRow('A1', 2, { VendorOriginalId: 'plain', ProductName: 'Azure Sentinel' })],
    });
    expect(check(obs)).toEqual({ status: 'not-exercised' });
  });
});
