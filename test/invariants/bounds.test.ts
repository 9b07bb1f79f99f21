/**
 * ASSUME-TIME-TOLERANCE at its bound: two instants within the tolerance (1 s) may be in either order, one
 * millisecond more and the order is known. Each test sets a time exactly at the bound and just past it, so an
 * invariant that reads the bound one millisecond off (`<` for `<=`) changes its verdict or its situation count.
 */
import { describe, expect, it } from 'vitest';
import {
  RULE_DELAY_MAX_MS,
  SUB_DELAY_MAX_MS,
  SYNC_DELAY_MAX_MS,
  TENANT_DELAY_MAX_MS,
  TIME_TOLERANCE_MS,
  XDR_INGEST_DELAY_MAX_MS,
  XDR_SYNC_DELAY_MAX_MS,
} from '../../model/assumptions.ts';
import { alertTableBehaviours } from '../../model/invariants/alert-table.ts';
import { alertTimeBehaviours } from '../../model/invariants/alert-times.ts';
import { bothConnectorsBehaviours } from '../../model/invariants/both-connectors.ts';
import { incidentRuleBehaviours } from '../../model/invariants/incident-rules.ts';
import { incidentTableBehaviours } from '../../model/invariants/incident-table.ts';
import { quirkBehaviours } from '../../model/invariants/quirks.ts';
import { subscriptionConnectorBehaviours } from '../../model/invariants/subscription-connector.ts';
import { tenantConnectorBehaviours } from '../../model/invariants/tenant-connector.ts';
import { xdrConnectorBehaviours } from '../../model/invariants/xdr-connector.ts';
import type { MdcAlertState } from '../../model/observation.ts';
import { iso, MINUTE, mdcAlertName } from '../../model/time.ts';
import {
  alertRow,
  config,
  guidOf,
  MDC_RULE,
  mdcAlert,
  nameOf,
  observation,
  raise,
  START_MS,
  scenario,
  systemAlertIdOf,
  wait,
} from '../support/build.ts';
import {
  contextOf,
  incidentClosed,
  mdcChanged,
  mdcResolvedAt30,
  quirkOf,
  resolvedAt30,
  ruleIncidentClosed,
  ruleIncidentRow as ruleIncidentRowAt,
  tenantRow,
  verdictOf,
  xdrIncident,
  xdrIncidentRow,
} from './support-alerts.ts';
import {
  closedInSentinel,
  judge as judgeIncidents,
  ruleIncidentRow,
  xdrIncident as xdrIncidentOf,
  xdrIncidentRow as xdrIncidentRowOf,
} from './support-incidents.ts';

const TOL = TIME_TOLERANCE_MS;
/** The clock `ms` after the scenario's start. */
const atMs = (ms: number) => iso(START_MS + ms);

describe('ALERT-APPEND-ONLY at the tolerance', () => {
  const s = scenario([raise('A1'), raise('A2'), wait(30)]);
  const mdc = { alerts: [mdcAlert('A1', [[0, 'Active']]), mdcAlert('A2', [[0, 'Active']])] };
  const check = (behindMs: number) =>
    verdictOf(
      alertTableBehaviours,
      'ALERT-APPEND-ONLY',
      s,
      observation({
        SecurityAlert: [alertRow('A1', 5), alertRow('A2', 5, { TimeGenerated: atMs(5 * MINUTE - behindMs) })],
        mdc,
      }),
    );

  it('should take a row stamped the tolerance before the row above it as written in the same instant', () => {
    expect(check(TOL)).toEqual({ status: 'holds', situations: 2 });
  });

  it('should find a row stamped a millisecond more before the row above it inserted behind it', () => {
    expect(check(TOL + 1)).toMatchObject({
      status: 'violated',
      witness: { alertRows: [0, 1], alerts: ['A2'] },
    });
  });

  it("should judge a row's status from the tolerance before the raise on, not earlier", () => {
    const rowAt = (ms: number) =>
      verdictOf(
        alertTableBehaviours,
        'ALERT-APPEND-ONLY',
        resolvedAt30,
        observation({
          SecurityAlert: [alertRow('A1', 0, { TimeGenerated: atMs(ms), Status: 'Resolved' })],
          mdc: mdcResolvedAt30,
        }),
      );
    const verdict = rowAt(-TOL);
    expect(verdict).toMatchObject({ status: 'violated', witness: { alertRows: [0], alerts: ['A1'] } });
    expect(verdict.status === 'violated' && verdict.message).toContain(
      'says Resolved, a status A1 took in MDC only at 2026-01-01T10:30:00Z, after the row was written',
    );
    expect(rowAt(-TOL - 1)).toEqual({ status: 'holds', situations: 1 });
  });
});

describe('ALERT-STATUS-NEW-ROW at the tolerance', () => {
  // Two MDC changes `gapMs` apart: within the tolerance their order is open, so neither is a situation.
  const judge = (gapMs: number) => {
    const s = scenario([
      raise('A1'),
      wait(30),
      mdcChanged('A1', 'InProgress'),
      mdcChanged('A1', 'Resolved'),
      wait(40),
    ]);
    const history: MdcAlertState = {
      name: nameOf('A1'),
      statusHistory: [
        { time: atMs(0), status: 'Active' },
        { time: atMs(30 * MINUTE), status: 'InProgress' },
        { time: atMs(30 * MINUTE + gapMs), status: 'Resolved' },
      ],
    };
    return verdictOf(
      alertTableBehaviours,
      'ALERT-STATUS-NEW-ROW',
      s,
      observation({
        SecurityAlert: [alertRow('A1', 2), alertRow('A1', 32, { Status: 'Resolved' })],
        mdc: { alerts: [history] },
      }),
    );
  };

  it('should leave two changes the tolerance apart open', () => {
    expect(judge(TOL)).toEqual({ status: 'holds', situations: 1 });
  });

  it('should judge the later of two changes a millisecond more apart', () => {
    expect(judge(TOL + 1)).toEqual({ status: 'holds', situations: 2 });
  });
});

describe('ALERT-STATUS-NEW-ROW at the end of the observation (ASSUME-SETTLE)', () => {
  // Resolved at 10:30; the subscription connector's row may come up to ASSUME-SUB-DELAY (10 min) and the
  // tolerance later, 10:40:01. The observation ends `settle` minutes after the change.
  const judge = (settleMinutes: number) =>
    verdictOf(
      alertTableBehaviours,
      'ALERT-STATUS-NEW-ROW',
      scenario([raise('A1'), wait(30), mdcChanged('A1', 'Resolved')], undefined, settleMinutes),
      observation({
        SecurityAlert: [alertRow('A1', 2)],
        mdc: {
          alerts: [
            mdcAlert('A1', [
              [0, 'Active'],
              [30, 'Resolved'],
            ]),
          ],
        },
      }),
    );

  it('should judge a change whose delay bound ends exactly as the observation does', () => {
    const verdict = judge(10 + 1 / 60);
    expect(verdict).toMatchObject({ status: 'violated', witness: { alertRows: [0], alerts: ['A1'] } });
    expect(verdict.status === 'violated' && verdict.message).toContain(
      'so its latest row by 2026-01-01T10:40:01Z must say Resolved',
    );
  });

  it('should leave a change unjudged when the observation ends a millisecond before its bound', () => {
    expect(judge(10 + 0.999 / 60)).toEqual({ status: 'not-exercised' });
  });
});

describe('DOC-INCIDENT-APPEND-ONLY at the tolerance', () => {
  const s = scenario([raise('A1'), wait(40)], config({ incidentRules: [MDC_RULE] }));
  /** Incident #1 of A1: a row at `first` (created at `created`) and a row at `second` (created at `created2`). */
  const check = (times: { first: number; created: number; second: number; created2: number }) =>
    judgeIncidents(
      incidentTableBehaviours,
      'DOC-INCIDENT-APPEND-ONLY',
      s,
      observation({
        SecurityAlert: [alertRow('A1', 1)],
        SecurityIncident: [
          ruleIncidentRow(1, 'A1', 2, {
            TimeGenerated: atMs(times.first),
            LastModifiedTime: atMs(times.first),
            CreatedTime: atMs(times.created),
          }),
          ruleIncidentRow(1, 'A1', 5, {
            Status: 'Active',
            TimeGenerated: atMs(times.second),
            LastModifiedTime: atMs(times.second),
            CreatedTime: atMs(times.created2),
          }),
        ],
      }),
    );
  const T = 2 * MINUTE;
  const fine = { first: T, created: T, second: T + 3 * MINUTE, created2: T };

  it('should hold when every time is off by the tolerance at most', () => {
    expect(check(fine)).toEqual({ status: 'holds', situations: 1 });
    expect(check({ ...fine, first: T + TOL })).toEqual({ status: 'holds', situations: 1 });
    expect(check({ ...fine, created2: T + TOL })).toEqual({ status: 'holds', situations: 1 });
    expect(
      check({ ...fine, second: T + TOL, first: T + 2 * TOL, created: T + 2 * TOL, created2: T + 2 * TOL }),
    ).toEqual({ status: 'holds', situations: 1 });
  });

  it("should find a first row modified a millisecond more after the incident's creation rewritten", () => {
    const verdict = check({ ...fine, first: T + TOL + 1 });
    expect(verdict).toMatchObject({ status: 'violated', witness: { incidentRows: [0] } });
    expect(verdict.status === 'violated' && verdict.message).toContain(
      'the row of its creation was rewritten',
    );
  });

  it('should find a later row whose CreatedTime is a millisecond more off', () => {
    const verdict = check({ ...fine, created2: T + TOL + 1 });
    expect(verdict).toMatchObject({ status: 'violated', witness: { incidentRows: [0, 1] } });
    expect(verdict.status === 'violated' && verdict.message).toContain("incident #1's row 1 has CreatedTime");
  });

  it('should find a later row modified a millisecond more before the row appended earlier', () => {
    const verdict = check({
      ...fine,
      second: T + TOL - 1,
      first: T + 2 * TOL,
      created: T + 2 * TOL,
      created2: T + 2 * TOL,
    });
    expect(verdict).toMatchObject({ status: 'violated', witness: { incidentRows: [0, 1] } });
    expect(verdict.status === 'violated' && verdict.message).toContain('appended earlier');
  });
});

describe('DOC-TIME-ORDER at the tolerance', () => {
  const s = scenario([raise('A1'), wait(30)]);
  const check = (endMs: number) =>
    verdictOf(
      alertTimeBehaviours,
      'DOC-TIME-ORDER',
      s,
      observation({ SecurityAlert: [alertRow('A1', 2, { EndTime: atMs(endMs) })] }),
    );

  it('should take an EndTime the tolerance before StartTime as the same instant', () => {
    expect(check(-TOL)).toEqual({ status: 'holds', situations: 1 });
  });

  it('should find an EndTime a millisecond more before StartTime out of order', () => {
    expect(check(-TOL - 1)).toMatchObject({
      status: 'violated',
      witness: { alertRows: [0], alerts: ['A1'] },
    });
  });
});

describe('DOC-MDC-NAME-ENCODES-START at the tolerance', () => {
  const s = scenario([raise('A1'), wait(30)]);
  /** A row whose MDC alert name encodes `nameMs` and whose StartTime is `startMs` (A1 raised at 0). */
  const check = (nameMs: number, startMs: number) =>
    verdictOf(
      alertTimeBehaviours,
      'DOC-MDC-NAME-ENCODES-START',
      s,
      observation({
        SecurityAlert: [
          alertRow('A1', 2, {
            VendorOriginalId: mdcAlertName(START_MS + nameMs, guidOf('A1')),
            StartTime: atMs(startMs),
          }),
        ],
      }),
    );

  it('should take a StartTime the tolerance off the name as the time the name encodes', () => {
    expect(check(0, TOL)).toEqual({ status: 'holds', situations: 1 });
  });

  it('should find a StartTime a millisecond more off the name', () => {
    const verdict = check(0, TOL + 1);
    expect(verdict).toMatchObject({ status: 'violated', witness: { alertRows: [0], alerts: ['A1'] } });
    expect(verdict.status === 'violated' && verdict.message).toContain(
      'has a name encoding 2026-01-01T10:00:00Z but StartTime 2026-01-01T10:00:01.001Z',
    );
  });

  it('should take a name encoding the tolerance after the raise as the raise, a millisecond more as another time', () => {
    expect(check(TOL, TOL)).toEqual({ status: 'holds', situations: 1 });
    const verdict = check(TOL + 1, TOL + 1);
    expect(verdict).toMatchObject({ status: 'violated', witness: { alertRows: [0], alerts: ['A1'] } });
    expect(verdict.status === 'violated' && verdict.message).toContain(
      'but A1 was raised at 2026-01-01T10:00:00Z',
    );
  });
});

describe('Q-INCIDENT-BEFORE-ALERT at the tolerance', () => {
  const s = scenario([raise('A1'), wait(40)], config({ xdrConnector: true }));
  /** A1's first row at 10:05; its XDR incident's row `aheadMs` earlier. */
  const find = (aheadMs: number) =>
    quirkOf(quirkBehaviours, 'Q-INCIDENT-BEFORE-ALERT').detect(
      contextOf(
        s,
        observation({
          SecurityAlert: [alertRow('A1', 5)],
          SecurityIncident: [
            {
              ...xdrIncidentRow(1, 5, '5001', [systemAlertIdOf('A1')]),
              TimeGenerated: atMs(5 * MINUTE - aheadMs),
              LastModifiedTime: atMs(5 * MINUTE - aheadMs),
              CreatedTime: atMs(5 * MINUTE - aheadMs),
            },
          ],
          xdr: { alerts: [], incidents: [xdrIncident('5001', 0, ['A1'])] },
        }),
      ),
    );

  it('should take an incident row the tolerance ahead of the alert as arriving with it', () => {
    expect(find(TOL)).toEqual([]);
  });

  it('should detect an incident row a millisecond more ahead of the alert', () => {
    const found = find(TOL + 1);
    expect(found.map((o) => o.witness)).toEqual([
      { alertRows: [0], incidentRows: [0], steps: [0], alerts: ['A1'] },
    ]);
    expect(found[0]?.message).toBe(
      "XDR incident 5001 of A1 reached Sentinel at 2026-01-01T10:04:58.999Z (incident row 0), before the alert's " +
        'first SecurityAlert row, row 0 (A1, subscription connector, 2026-01-01T10:05:00Z, New)',
    );
  });
});

describe('RULE-FIRST-ARRIVAL at its bounds (ASSUME-RULE-DELAY and the tolerance)', () => {
  const s = scenario([raise('A1'), wait(30)], config({ incidentRules: [MDC_RULE] }));
  /** A1's first row at 10:01; the rule's incident created `afterMs` after it. */
  const check = (afterMs: number) => {
    const created = atMs(MINUTE + afterMs);
    return judgeIncidents(
      incidentRuleBehaviours,
      'RULE-FIRST-ARRIVAL',
      s,
      observation({
        SecurityAlert: [alertRow('A1', 1)],
        SecurityIncident: [
          ruleIncidentRow(1, 'A1', 4, {
            TimeGenerated: created,
            LastModifiedTime: created,
            CreatedTime: created,
          }),
        ],
      }),
    );
  };

  it('should take an incident created from the tolerance before the row to the delay bound after it', () => {
    expect(check(-TOL)).toEqual({ status: 'holds', situations: 1 });
    expect(check(RULE_DELAY_MAX_MS + TOL)).toEqual({ status: 'holds', situations: 1 });
  });

  it('should find an incident created a millisecond earlier made before the row arrived', () => {
    const verdict = check(-TOL - 1);
    expect(verdict).toMatchObject({ status: 'violated', witness: { alertRows: [0], incidentRows: [0] } });
    expect(verdict.status === 'violated' && verdict.message).toContain(
      "before A1's first row under a matching rule (row 0",
    );
  });

  it('should find an incident created a millisecond after the bound late', () => {
    const verdict = check(RULE_DELAY_MAX_MS + TOL + 1);
    expect(verdict).toMatchObject({ status: 'violated', witness: { alertRows: [0], incidentRows: [0] } });
    expect(verdict.status === 'violated' && verdict.message).toContain(
      "more than 2 minutes after A1's first row under a matching rule (row 0",
    );
  });
});

describe('SUB-FORWARDS at its bounds (ASSUME-SUB-DELAY and the tolerance)', () => {
  /** A1 raised at 10:00; its subscription row `afterMs` later; the observation ends at `endMs`. */
  const check = (afterMs: number | null, settleMinutes = 60) =>
    verdictOf(
      subscriptionConnectorBehaviours,
      'SUB-FORWARDS',
      scenario([raise('A1')], undefined, settleMinutes),
      observation({
        SecurityAlert: afterMs === null ? [] : [alertRow('A1', 0, { TimeGenerated: atMs(afterMs) })],
      }),
    );
  const bound = SUB_DELAY_MAX_MS + TOL;

  it('should take a row from the tolerance before the raise to the delay bound after it', () => {
    expect(check(-TOL)).toEqual({ status: 'holds', situations: 1 });
    expect(check(bound)).toEqual({ status: 'holds', situations: 1 });
  });

  it('should find a row a millisecond after the bound late, and one a millisecond before the raise out of place', () => {
    expect(check(bound + 1)).toMatchObject({
      status: 'violated',
      witness: { alertRows: [0], alerts: ['A1'] },
    });
    expect(check(-TOL - 1)).toMatchObject({
      status: 'violated',
      witness: { alertRows: [0], alerts: ['A1'] },
    });
  });

  it('should judge a missing row only when the observation lasts until the bound', () => {
    expect(check(null, bound / MINUTE)).toMatchObject({ status: 'violated', witness: { alertRows: [] } });
    expect(check(null, (bound - 1) / MINUTE)).toEqual({ status: 'not-exercised' });
  });
});

describe('TEN-SCOPE at its bounds (ASSUME-XDR-INGEST-DELAY, ASSUME-TENANT-DELAY and the tolerance)', () => {
  const tenantOnly = config({ subscriptionConnector: [], tenantConnector: true });
  const check = (afterMs: number | null, settleMinutes = 60) =>
    verdictOf(
      tenantConnectorBehaviours,
      'TEN-SCOPE',
      scenario([raise('A1')], tenantOnly, settleMinutes),
      observation({
        SecurityAlert: afterMs === null ? [] : [tenantRow('A1', 0, { TimeGenerated: atMs(afterMs) })],
      }),
    );
  const bound = XDR_INGEST_DELAY_MAX_MS + TENANT_DELAY_MAX_MS + TOL;

  it('should take a tenant row from the tolerance before the raise to the bound after it', () => {
    expect(check(-TOL)).toEqual({ status: 'holds', situations: 1 });
    expect(check(bound)).toEqual({ status: 'holds', situations: 1 });
  });

  it('should find no row in time a millisecond outside either way', () => {
    const late = check(bound + 1);
    expect(late).toMatchObject({
      status: 'violated',
      witness: { alertRows: [0], steps: [0], alerts: ['A1'] },
    });
    expect(late.status === 'violated' && late.message).toBe(
      'The tenant connector covers every subscription of the tenant: A1 was raised at 2026-01-01T10:00:00Z in ' +
        'sub-1, which the subscription connector does not cover, with the connector on and the alert in Defender ' +
        'XDR, but it wrote no row of it by 2026-01-01T10:35:01Z',
    );
    expect(check(-TOL - 1)).toMatchObject({ status: 'violated', witness: { alertRows: [0] } });
  });

  it('should judge a missing row only when the observation lasts until the bound', () => {
    expect(check(null, bound / MINUTE)).toMatchObject({ status: 'violated', witness: { alertRows: [] } });
    expect(check(null, (bound - 1) / MINUTE)).toEqual({ status: 'not-exercised' });
  });
});

describe('BOTH-DUPLICATES at the end of the observation', () => {
  const both = config({ tenantConnector: true });
  const bound = XDR_INGEST_DELAY_MAX_MS + TENANT_DELAY_MAX_MS + TOL;
  const check = (rows: ReturnType<typeof alertRow>[], settleMinutes = 60) =>
    verdictOf(
      bothConnectorsBehaviours,
      'BOTH-DUPLICATES',
      scenario([raise('A1')], both, settleMinutes),
      observation({ SecurityAlert: rows }),
    );
  const missing = (what: string) =>
    'With both connectors on, an alert in scope of both arrives through both: A1, raised at ' +
    `2026-01-01T10:00:00Z in sub-1, has no row from the ${what} connector`;

  it("should judge the alert once the observation lasts until the tenant connector's bound", () => {
    expect(check([], bound / MINUTE)).toEqual({
      status: 'violated',
      situations: 1,
      message: missing('subscription nor the tenant'),
      witness: { alertRows: [], incidentRows: [], steps: [0], alerts: ['A1'] },
    });
    expect(check([], (bound - 1) / MINUTE)).toEqual({ status: 'not-exercised' });
  });

  it('should name the connector whose row is missing', () => {
    expect(check([alertRow('A1', 2)])).toMatchObject({
      message: missing('tenant'),
      witness: { alertRows: [0] },
    });
    expect(check([tenantRow('A1', 20)])).toMatchObject({
      message: missing('subscription'),
      witness: { alertRows: [0] },
    });
  });
});

describe('XDR-CREATES-INCIDENTS at the end of the observation', () => {
  // The latest an XDR incident may reach Sentinel after the raise: the slowest of XDR's ingestion, incident
  // creation and connector (20 min), the subscription connector (10) and XDR's ingestion plus the tenant
  // connector (35), and the tolerance.
  const bound = XDR_INGEST_DELAY_MAX_MS + TENANT_DELAY_MAX_MS + TOL;
  const check = (settleMinutes: number) =>
    judgeIncidents(
      xdrConnectorBehaviours,
      'XDR-CREATES-INCIDENTS',
      scenario([raise('A1')], config({ xdrConnector: true }), settleMinutes),
      observation({ xdr: { alerts: [], incidents: [xdrIncidentOf('5001', 0, [['A1', 0]])] } }),
    );

  it('should judge an incident that never came once the observation lasts until the bound', () => {
    expect(check(bound / MINUTE)).toMatchObject({
      status: 'violated',
      witness: { steps: [0], alerts: ['A1'] },
    });
  });

  it('should leave it unjudged when the observation ends a millisecond earlier', () => {
    expect(check((bound - 1) / MINUTE)).toEqual({ status: 'not-exercised' });
  });
});

describe('XDR-INCIDENT-SYNC at its bounds (ASSUME-XDR-SYNC-DELAY and the tolerance)', () => {
  // A1's Microsoft XDR incident is closed in Sentinel at 10:10 (step 2); MDC resolves A1 at 10:12.
  const bound = 10 * MINUTE + XDR_SYNC_DELAY_MAX_MS + TOL;
  const check = (xdrResolvedMs: number | null, settleMinutes = 30) =>
    judgeIncidents(
      xdrConnectorBehaviours,
      'XDR-INCIDENT-SYNC',
      scenario(
        [raise('A1'), wait(10), closedInSentinel('A1', 'Microsoft XDR')],
        config({ xdrConnector: true }),
        settleMinutes,
      ),
      observation({
        SecurityAlert: [alertRow('A1', 1)],
        SecurityIncident: [
          xdrIncidentRowOf(1, '5001', 1, { AlertIds: ['sa-A1'] }),
          xdrIncidentRowOf(1, '5001', 10, {
            AlertIds: ['sa-A1'],
            Status: 'Closed',
            Classification: 'TruePositive',
            CreatedTime: atMs(MINUTE),
          }),
        ],
        xdr: {
          alerts: [],
          incidents: [
            xdrIncidentOf(
              '5001',
              0,
              [['A1', 0]],
              xdrResolvedMs === null
                ? [[0, 'active']]
                : [
                    [0, 'active'],
                    [xdrResolvedMs / MINUTE, 'resolved'],
                  ],
            ),
          ],
        },
        mdc: {
          alerts: [
            mdcAlert('A1', [
              [0, 'Active'],
              [12, 'Resolved'],
            ]),
          ],
        },
      }),
    );

  it('should take XDR resolving the incident up to the bound after the close', () => {
    expect(check(bound)).toEqual({ status: 'holds', situations: 1 });
  });

  it('should find it a millisecond later not synced', () => {
    const verdict = check(bound + 1);
    expect(verdict).toMatchObject({ status: 'violated', witness: { incidentRows: [0, 1], steps: [2] } });
    expect(verdict.status === 'violated' && verdict.message).toContain(
      "XDR incident '5001' was not resolved by",
    );
  });

  it('should judge the close only when the observation lasts until the bound', () => {
    expect(check(null, (bound - 10 * MINUTE) / MINUTE)).toMatchObject({ status: 'violated' });
    expect(check(null, (bound - 10 * MINUTE - 1) / MINUTE)).toEqual({ status: 'not-exercised' });
  });
});

describe('SUB-SYNC-INCIDENT-TO-MDC at its bounds (ASSUME-SYNC-DELAY, ASSUME-SUB-DELAY and the tolerance)', () => {
  // A1's rule incident is closed at 10:10 (step 2) with sync on: MDC must resolve A1 by 10:15:01, and the
  // subscription connector write the Resolved row by 10:25:01.
  const withSync = config({
    subscriptionConnector: [{ subscription: 'sub-1', sync: true }],
    incidentRules: [MDC_RULE],
  });
  const syncBy = 10 * MINUTE + SYNC_DELAY_MAX_MS + TOL;
  const windowEnd = syncBy + SUB_DELAY_MAX_MS;
  const check = (resolvedMs: number, settleMinutes = 30) =>
    verdictOf(
      subscriptionConnectorBehaviours,
      'SUB-SYNC-INCIDENT-TO-MDC',
      scenario([raise('A1'), wait(10), incidentClosed('A1')], withSync, settleMinutes),
      observation({
        SecurityAlert: [
          alertRow('A1', 2),
          alertRow('A1', 0, { Status: 'Resolved', TimeGenerated: atMs(windowEnd) }),
        ],
        SecurityIncident: [ruleIncidentRowAt(1, 3, 'A1'), ruleIncidentClosed(1, 10, 3, 'A1')],
        mdc: {
          alerts: [
            {
              name: nameOf('A1'),
              statusHistory: [
                { time: atMs(0), status: 'Active' },
                { time: atMs(resolvedMs), status: 'Resolved' },
              ],
            },
          ],
        },
      }),
    );

  it('should take MDC resolving the alert at the sync bound, and the row at the end of its window', () => {
    expect(check(syncBy)).toEqual({ status: 'holds', situations: 1 });
  });

  it('should leave a late resolution unjudged, and find none at all not synced', () => {
    // Past the bound, the entry is not what the sync did: something else may have resolved A1.
    expect(check(syncBy + 1)).toEqual({ status: 'not-exercised' });
    const verdict = check(windowEnd + 10 * MINUTE);
    expect(verdict).toMatchObject({ status: 'violated', witness: { incidentRows: [0, 1], steps: [2] } });
    expect(verdict.status === 'violated' && verdict.message).toContain('by 2026-01-01T10:15:01Z');
  });

  it('should judge the close only when the observation lasts until the end of the window', () => {
    expect(check(syncBy, (windowEnd - 10 * MINUTE) / MINUTE)).toEqual({ status: 'holds', situations: 1 });
    expect(check(syncBy, (windowEnd - 10 * MINUTE - 1) / MINUTE)).toEqual({ status: 'not-exercised' });
  });
});
