import { describe, expect, it } from 'vitest';
import { xdrCorrelationBehaviours } from '../../model/invariants/xdr-correlation.ts';
import type { Observation, XdrIncidentState } from '../../model/observation.ts';
import { IDEAL, OBSERVED, type Profile } from '../../model/profile.ts';
import type { Scenario } from '../../model/scenario.ts';
import type { SecurityIncidentRow } from '../../model/tables.ts';
import { alertRow, at, config, nameOf, observation, raise, scenario, wait } from '../support/build.ts';
import {
  closedInXdr,
  configChanged,
  correlated,
  judge,
  REDIRECTED,
  violation,
  xdrIncident,
  xdrIncidentRow,
} from './support-incidents.ts';

function check(id: string, s: Scenario, o: Observation, profile: Profile) {
  return judge(xdrCorrelationBehaviours, id, s, o, profile);
}

const XDR_ON = config({ xdrConnector: true });

/** A1 raised at 0, A2 at 5; XDR correlates them at 15 (step 4), both incidents open and in Sentinel. */
const TWO = scenario([raise('A1'), wait(5), raise('A2'), wait(10), correlated('A1', 'A2'), wait(30)], XDR_ON);
const rows = [alertRow('A1', 1), alertRow('A2', 6, {}, 5)];
const before: SecurityIncidentRow[] = [
  xdrIncidentRow(1, '5001', 2, { AlertIds: ['sa-A1'] }),
  xdrIncidentRow(2, '5002', 7, { AlertIds: ['sa-A2'] }),
];
const redirectedRow = (number: number, xdrId: string, created: number) =>
  xdrIncidentRow(number, xdrId, 16, { ...REDIRECTED, CreatedTime: at(created) });

function merged(sentinel: SecurityIncidentRow[], incidents: XdrIncidentState[]): Observation {
  return observation({
    SecurityAlert: rows,
    SecurityIncident: [...before, ...sentinel],
    xdr: { alerts: [], incidents },
  });
}

/** The article's variant: a new incident 5003 (#3) takes both alerts; both others are redirected into it. */
const intoNew = merged(
  [
    redirectedRow(1, '5001', 2),
    redirectedRow(2, '5002', 7),
    xdrIncidentRow(3, '5003', 17, { AlertIds: ['sa-A1', 'sa-A2'] }),
  ],
  [
    xdrIncident(
      '5001',
      0,
      [],
      [
        [0, 'active'],
        [15, 'redirected'],
      ],
      '5003',
    ),
    xdrIncident(
      '5002',
      5,
      [],
      [
        [5, 'active'],
        [15, 'redirected'],
      ],
      '5003',
    ),
    xdrIncident('5003', 15, [
      ['A1', 0],
      ['A2', 5],
    ]),
  ],
);

/** Microsoft's documented variant: the oldest, 5001 (#1), takes both alerts; 5002 (#2) is redirected into it. */
const intoTarget = merged(
  [
    redirectedRow(2, '5002', 7),
    xdrIncidentRow(1, '5001', 16, { AlertIds: ['sa-A1', 'sa-A2'], CreatedTime: at(2) }),
  ],
  [
    xdrIncident('5001', 0, [
      ['A1', 0],
      ['A2', 5],
    ]),
    xdrIncident(
      '5002',
      5,
      [],
      [
        [5, 'active'],
        [15, 'redirected'],
      ],
      '5001',
    ),
  ],
);

/** A2 is Informational, so it never reaches XDR: only one incident is open, nothing merges. */
const ALONE = scenario(
  [
    raise('A1'),
    wait(5),
    raise('A2', { severity: 'Informational' }),
    wait(10),
    correlated('A1', 'A2'),
    wait(30),
  ],
  XDR_ON,
);
const alone = observation({
  SecurityAlert: [rows[0] ?? alertRow('A1', 1)],
  SecurityIncident: [before[0] ?? xdrIncidentRow(1, '5001', 2)],
  xdr: { alerts: [], incidents: [xdrIncident('5001', 0, [['A1', 0]])] },
});

describe('XDR-REDIRECT', () => {
  describe("under the article's variant (new-incident)", () => {
    it('should hold when a new incident takes both alerts and both others are closed as Redirected', () => {
      expect(check('XDR-REDIRECT', TWO, intoNew, OBSERVED)).toEqual({ status: 'holds', situations: 1 });
    });

    it('should accept the redirect label in any case', () => {
      const lower = {
        ...intoNew,
        SecurityIncident: intoNew.SecurityIncident.map((r) =>
          r.Labels.length > 0
            ? { ...r, Labels: [{ labelName: 'redirected', labelType: 'AutoAssigned' }] }
            : r,
        ),
      };
      expect(check('XDR-REDIRECT', TWO, lower, OBSERVED)).toEqual({ status: 'holds', situations: 1 });
    });

    it('should be violated by an involved incident that is not closed with a Redirect label', () => {
      const unlabelled = { ...intoNew, SecurityIncident: intoNew.SecurityIncident.filter((_, i) => i !== 3) };
      const { message, witness } = violation(check('XDR-REDIRECT', TWO, unlabelled, OBSERVED));
      expect(message).toContain('after XDR correlated A1, A2 at 2026-01-01T10:15:00.000Z (step 4)');
      expect(message).toContain(
        "incident #2 (Microsoft XDR, ProviderIncidentId '5002') got no Closed row with a Redirect label",
      );
      expect(witness).toEqual({
        alertRows: [],
        incidentRows: [0, 2, 1, 3],
        steps: [4],
        alerts: ['A1', 'A2'],
      });
    });

    it('should be violated when an existing incident takes the alerts instead of a new one', () => {
      const { message, witness } = violation(check('XDR-REDIRECT', TWO, intoTarget, OBSERVED));
      expect(message).toContain('the existing incident #1');
      expect(message).toContain('expects a new incident');
      expect(witness.steps).toEqual([4]);
    });
  });

  describe("under Microsoft's documented variant (into-target)", () => {
    it('should hold when the oldest incident takes both alerts and the other is redirected', () => {
      expect(check('XDR-REDIRECT', TWO, intoTarget, IDEAL)).toEqual({ status: 'holds', situations: 1 });
    });

    it('should also accept a new incident as the holder', () => {
      expect(check('XDR-REDIRECT', TWO, intoNew, IDEAL)).toEqual({ status: 'holds', situations: 1 });
    });

    it('should be violated when no incident ends up holding both alerts', () => {
      const notHeld = { ...intoTarget, SecurityIncident: intoTarget.SecurityIncident.slice(0, 3) };
      const { message } = violation(check('XDR-REDIRECT', TWO, notHeld, IDEAL));
      expect(message).toContain("no incident with an XDR provider name held all of ['sa-A1', 'sa-A2']");
    });
  });

  it('should not be exercised when fewer than two incidents are open', () => {
    expect(check('XDR-REDIRECT', ALONE, alone, OBSERVED)).toEqual({ status: 'not-exercised' });
  });

  describe('when a later correlation names the same alerts', () => {
    /** A2, A3 correlated at 20 (step 6), then A1, A2 at once (step 7): the first holder is redirected again. */
    const CHAIN = scenario(
      [
        raise('A1'),
        wait(5),
        raise('A2'),
        wait(5),
        raise('A3'),
        wait(10),
        correlated('A2', 'A3'),
        correlated('A1', 'A2'),
        wait(30),
      ],
      XDR_ON,
    );
    const chained = (labelled: boolean) =>
      observation({
        SecurityAlert: [alertRow('A1', 1), alertRow('A2', 6, {}, 5), alertRow('A3', 11, {}, 10)],
        SecurityIncident: [
          xdrIncidentRow(1, '5001', 2, { AlertIds: ['sa-A1'] }),
          xdrIncidentRow(2, '5002', 7, { AlertIds: ['sa-A2'] }),
          xdrIncidentRow(3, '5003', 12, { AlertIds: ['sa-A3'] }),
          xdrIncidentRow(2, '5002', 21, { ...REDIRECTED, CreatedTime: at(7) }),
          ...(labelled ? [xdrIncidentRow(3, '5003', 21, { ...REDIRECTED, CreatedTime: at(12) })] : []),
          xdrIncidentRow(1, '5001', 21, { ...REDIRECTED, CreatedTime: at(2) }),
          xdrIncidentRow(4, '5004', 25, REDIRECTED),
          xdrIncidentRow(5, '5005', 26, { AlertIds: ['sa-A1', 'sa-A2', 'sa-A3'] }),
        ],
        xdr: {
          alerts: [],
          incidents: [
            xdrIncident(
              '5001',
              0,
              [],
              [
                [0, 'active'],
                [20, 'redirected'],
              ],
              '5005',
            ),
            xdrIncident(
              '5002',
              5,
              [],
              [
                [5, 'active'],
                [20, 'redirected'],
              ],
              '5004',
            ),
            xdrIncident(
              '5003',
              10,
              [],
              [
                [10, 'active'],
                [20, 'redirected'],
              ],
              '5004',
            ),
            xdrIncident(
              '5004',
              20,
              [],
              [
                [20, 'active'],
                [20, 'redirected'],
              ],
              '5005',
            ),
            xdrIncident('5005', 20, [
              ['A1', 0],
              ['A2', 5],
              ['A3', 10],
            ]),
          ],
        },
      });

    it('should judge the first step by its Redirect labels', () => {
      expect(check('XDR-REDIRECT', CHAIN, chained(true), OBSERVED)).toEqual({
        status: 'holds',
        situations: 1,
      });
    });

    it('should be violated by an involved incident left without a Redirect label', () => {
      const { message, witness } = violation(check('XDR-REDIRECT', CHAIN, chained(false), OBSERVED));
      expect(message).toContain('after XDR correlated A2, A3');
      expect(message).toContain('incident #3');
      expect(witness.steps).toEqual([6]);
    });
  });
});

describe('DOC-MERGE-TARGET', () => {
  it("should be skipped under the article's variant", () => {
    const verdict = check('DOC-MERGE-TARGET', TWO, intoNew, OBSERVED);
    expect(verdict.status).toBe('skipped');
    if (verdict.status === 'skipped') expect(verdict.reason).toContain("follows the article's merge variant");
  });

  it('should hold when an existing incident takes the alerts and no incident is created', () => {
    expect(check('DOC-MERGE-TARGET', TWO, intoTarget, IDEAL)).toEqual({ status: 'holds', situations: 1 });
  });

  it('should be violated by a new XDR incident taking the alerts', () => {
    const { message, witness } = violation(check('DOC-MERGE-TARGET', TWO, intoNew, IDEAL));
    expect(message).toContain(
      "XDR incident '5003', created at 2026-01-01T10:15:00.000Z and none of the correlated incidents",
    );
    expect(witness).toEqual({ alertRows: [], incidentRows: [], steps: [4], alerts: ['A1', 'A2'] });
  });

  it('should be violated by a new Sentinel incident taking the alerts', () => {
    const newInSentinel = {
      ...intoTarget,
      SecurityIncident: [
        ...intoTarget.SecurityIncident,
        xdrIncidentRow(3, '7777', 17, { AlertIds: ['sa-A1', 'sa-A2'] }),
      ],
    };
    const { message, witness } = violation(check('DOC-MERGE-TARGET', TWO, newInSentinel, IDEAL));
    expect(message).toContain(
      "incident #3 (Microsoft XDR, ProviderIncidentId '7777'), a new incident, holds their alerts",
    );
    expect(witness.incidentRows).toContain(4);
  });

  it('should not be exercised when fewer than two incidents are open', () => {
    expect(check('DOC-MERGE-TARGET', ALONE, alone, IDEAL)).toEqual({ status: 'not-exercised' });
  });
});

describe('DOC-NO-MERGE-CLOSED', () => {
  /** A1's incident is resolved in XDR at 12; XDR then correlates A1, A2, A3 at 20 (step 8). */
  const THREE = scenario(
    [
      raise('A1'),
      wait(5),
      raise('A2'),
      wait(5),
      raise('A3'),
      wait(2),
      closedInXdr('A1'),
      wait(8),
      correlated('A1', 'A2', 'A3'),
      wait(30),
    ],
    XDR_ON,
  );
  const threeRows = [alertRow('A1', 1), alertRow('A2', 6, {}, 5), alertRow('A3', 11, {}, 10)];
  const sentinelBefore = [
    xdrIncidentRow(1, '5001', 2, { AlertIds: ['sa-A1'] }),
    xdrIncidentRow(2, '5002', 7, { AlertIds: ['sa-A2'] }),
    xdrIncidentRow(3, '5003', 12, { AlertIds: ['sa-A3'] }),
    xdrIncidentRow(1, '5001', 13, { AlertIds: ['sa-A1'], Status: 'Closed', CreatedTime: at(2) }),
  ];
  const openMerged = [
    xdrIncidentRow(3, '5003', 21, { ...REDIRECTED, CreatedTime: at(12) }),
    xdrIncidentRow(2, '5002', 21, { AlertIds: ['sa-A2', 'sa-A3'], CreatedTime: at(7) }),
  ];
  const untouched = observation({
    SecurityAlert: threeRows,
    SecurityIncident: [...sentinelBefore, ...openMerged],
    xdr: {
      alerts: [],
      incidents: [
        xdrIncident(
          '5001',
          0,
          [['A1', 0]],
          [
            [0, 'active'],
            [12, 'resolved'],
          ],
        ),
        xdrIncident('5002', 5, [
          ['A2', 5],
          ['A3', 10],
        ]),
        xdrIncident(
          '5003',
          10,
          [],
          [
            [10, 'active'],
            [20, 'redirected'],
          ],
          '5002',
        ),
      ],
    },
  });

  it('should hold when the closed incident keeps its alert while the open ones merge', () => {
    expect(check('DOC-NO-MERGE-CLOSED', THREE, untouched, IDEAL)).toEqual({ status: 'holds', situations: 1 });
    expect(check('XDR-REDIRECT', THREE, untouched, IDEAL)).toEqual({ status: 'holds', situations: 1 });
    expect(check('DOC-MERGE-TARGET', THREE, untouched, IDEAL)).toEqual({ status: 'holds', situations: 1 });
  });

  it('should be violated when the closed incident is redirected and its alert moved', () => {
    const swallowed = observation({
      SecurityAlert: threeRows,
      SecurityIncident: [
        ...sentinelBefore,
        xdrIncidentRow(1, '5001', 21, { ...REDIRECTED, CreatedTime: at(2) }),
        ...openMerged.slice(0, 1),
        xdrIncidentRow(2, '5002', 21, { AlertIds: ['sa-A1', 'sa-A2', 'sa-A3'], CreatedTime: at(7) }),
      ],
      xdr: {
        alerts: [],
        incidents: [
          xdrIncident(
            '5001',
            0,
            [],
            [
              [0, 'active'],
              [12, 'resolved'],
              [20, 'redirected'],
            ],
            '5002',
          ),
          xdrIncident('5002', 5, [
            ['A1', 0],
            ['A2', 5],
            ['A3', 10],
          ]),
          xdrIncident(
            '5003',
            10,
            [],
            [
              [10, 'active'],
              [20, 'redirected'],
            ],
            '5002',
          ),
        ],
      },
    });
    const { message, witness } = violation(check('DOC-NO-MERGE-CLOSED', THREE, swallowed, IDEAL));
    expect(message).toContain("XDR incident '5001' (A1) was resolved before XDR correlated A1, A2, A3");
    expect(message).toContain("XDR set it redirected into '5002'");
    expect(message).toContain('carries a Redirect label');
    expect(witness.steps).toEqual([8]);
    expect(witness.alerts).toEqual(['A1']);
  });

  it('should not be exercised when every involved incident is open', () => {
    expect(check('DOC-NO-MERGE-CLOSED', TWO, intoTarget, IDEAL)).toEqual({ status: 'not-exercised' });
  });
});

/**
 * XDR with latency, as the article allows it: XDR ingests each alert minutes after its raise, creates its
 * incident minutes after that, and the XDR connector brings each incident up to 10 minutes later, so one
 * Sentinel incident arrives only after the correlation (already redirected). Alerts raised at one instant
 * are told apart by identity (names, SystemAlertIds, XDR ids), not by when their incidents were created.
 */
describe('with XDR latency (incidents created minutes after the raise)', () => {
  /** A1 and A2 raised at 0; XDR ingests them at 3 and 4, creates 6001 at 9 and 6002 at 12; correlation at 20 (step 3). */
  const LATE = scenario([raise('A1'), raise('A2'), wait(20), correlated('A1', 'A2'), wait(40)], XDR_ON);
  const lateAlerts = [alertRow('A1', 1), alertRow('A2', 2)];
  const ingested = [
    { name: nameOf('A1'), time: at(3) },
    { name: nameOf('A2'), time: at(4) },
  ];
  const redirectedAt = (
    number: number,
    xdrId: string,
    minutes: number,
    created: number,
    label = 'Redirected',
  ) =>
    xdrIncidentRow(number, xdrId, minutes, {
      ...REDIRECTED,
      Labels: [{ labelName: label, labelType: 'AutoAssigned' }],
      CreatedTime: at(created),
    });
  const redirectedXdr = (id: string, created: number, into: string, redirectedMinutes = 20) =>
    xdrIncident(
      id,
      created,
      [],
      [
        [created, 'active'],
        [redirectedMinutes, 'redirected'],
      ],
      into,
    );
  /** The article's variant: 6003, created at the step, takes both; #2 arrives at 22, already redirected. */
  const lateIntoNew = (label = 'Redirected') =>
    observation({
      SecurityAlert: lateAlerts,
      SecurityIncident: [
        xdrIncidentRow(1, '6001', 19, { AlertIds: ['sa-A1'] }),
        redirectedAt(2, '6002', 22, 22, label),
        redirectedAt(1, '6001', 24, 19, label),
        xdrIncidentRow(3, '6003', 30, { AlertIds: ['sa-A1', 'sa-A2'] }),
      ],
      xdr: {
        alerts: ingested,
        incidents: [
          redirectedXdr('6001', 9, '6003'),
          redirectedXdr('6002', 12, '6003'),
          xdrIncident('6003', 20, [
            ['A1', 0],
            ['A2', 0],
          ]),
        ],
      },
    });
  /** Microsoft's documented variant: the oldest, 6001, takes both; 6002 is redirected into it. */
  const lateIntoTarget = observation({
    SecurityAlert: lateAlerts,
    SecurityIncident: [
      xdrIncidentRow(1, '6001', 19, { AlertIds: ['sa-A1'] }),
      redirectedAt(2, '6002', 22, 22),
      xdrIncidentRow(1, '6001', 24, { AlertIds: ['sa-A1', 'sa-A2'], CreatedTime: at(19) }),
    ],
    xdr: {
      alerts: ingested,
      incidents: [
        xdrIncident('6001', 9, [
          ['A1', 0],
          ['A2', 0],
        ]),
        redirectedXdr('6002', 12, '6001'),
      ],
    },
  });

  it('should judge (and hold) a merge into a new incident', () => {
    expect(check('XDR-REDIRECT', LATE, lateIntoNew(), OBSERVED)).toEqual({ status: 'holds', situations: 1 });
    expect(check('XDR-REDIRECT', LATE, lateIntoNew(), IDEAL)).toEqual({ status: 'holds', situations: 1 });
  });

  it('should judge (and hold) a merge into the oldest incident', () => {
    expect(check('XDR-REDIRECT', LATE, lateIntoTarget, IDEAL)).toEqual({ status: 'holds', situations: 1 });
    expect(check('DOC-MERGE-TARGET', LATE, lateIntoTarget, IDEAL)).toEqual({
      status: 'holds',
      situations: 1,
    });
  });

  it('should be violated by a redirect label with the wrong text', () => {
    const { message, witness } = violation(check('XDR-REDIRECT', LATE, lateIntoNew('Merged'), OBSERVED));
    expect(message).toContain('after XDR correlated A1, A2 at 2026-01-01T10:20:00.000Z (step 3)');
    expect(message).toContain('got no Closed row with a Redirect label');
    expect(witness.steps).toEqual([3]);
  });

  it('should be violated by a new incident taking the alerts under the documented variant', () => {
    const { message } = violation(check('DOC-MERGE-TARGET', LATE, lateIntoNew(), IDEAL));
    expect(message).toContain("XDR incident '6003'");
  });

  it('should leave a merge open when an incident was created at the very instant of the step', () => {
    const atStep = {
      ...lateIntoTarget,
      xdr: {
        alerts: ingested,
        incidents: [
          xdrIncident('6001', 9, [
            ['A1', 0],
            ['A2', 0],
          ]),
          redirectedXdr('6002', 20, '6001'),
        ],
      },
    };
    expect(check('DOC-MERGE-TARGET', LATE, atStep, IDEAL)).toEqual({ status: 'not-exercised' });
    expect(check('XDR-REDIRECT', LATE, atStep, IDEAL)).toEqual({ status: 'not-exercised' });
  });

  it('should not count an incident created after the step as taking part', () => {
    // A2's incident is created at 22, after the correlation: one open incident, nothing merges.
    const afterStep = observation({
      SecurityAlert: lateAlerts,
      SecurityIncident: [
        xdrIncidentRow(1, '6001', 19, { AlertIds: ['sa-A1'] }),
        xdrIncidentRow(2, '6002', 30, { AlertIds: ['sa-A2'] }),
      ],
      xdr: {
        alerts: ingested,
        incidents: [xdrIncident('6001', 9, [['A1', 0]]), xdrIncident('6002', 22, [['A2', 0]])],
      },
    });
    expect(check('XDR-REDIRECT', LATE, afterStep, IDEAL)).toEqual({ status: 'not-exercised' });
    expect(check('DOC-MERGE-TARGET', LATE, afterStep, IDEAL)).toEqual({ status: 'not-exercised' });
  });

  it('should leave the Sentinel side open when the XDR connector is disabled before the redirect can sync', () => {
    const OFF_SOON = scenario(
      [
        raise('A1'),
        raise('A2'),
        wait(20),
        correlated('A1', 'A2'),
        wait(2),
        configChanged({ kind: 'xdr-connector', enabled: false }),
        wait(40),
      ],
      XDR_ON,
    );
    const neverLabelled = {
      ...lateIntoTarget,
      SecurityIncident: [
        xdrIncidentRow(1, '6001', 19, { AlertIds: ['sa-A1'] }),
        xdrIncidentRow(2, '6002', 19, { AlertIds: ['sa-A2'] }),
      ],
    };
    expect(check('XDR-REDIRECT', OFF_SOON, neverLabelled, IDEAL)).toEqual({ status: 'not-exercised' });
    // With the connector left on, the same rows are a violation.
    expect(check('XDR-REDIRECT', LATE, neverLabelled, IDEAL).status).toBe('violated');
  });

  it('should not read a later correlation moving the alerts into an incident created after the step as a new incident', () => {
    // Step 3 merges 6002 into 6001 at 20; A3's incident 6003 is created at 24; step 6 merges 6001 into 6003
    // at 25 (its target need not be the oldest): 6003, created after step 3, ends up holding A1 and A2.
    const CHAINED = scenario(
      [
        raise('A1'),
        raise('A2'),
        wait(20),
        correlated('A1', 'A2'),
        raise('A3'),
        wait(5),
        correlated('A1', 'A3'),
        wait(40),
      ],
      XDR_ON,
    );
    const chained = observation({
      SecurityAlert: [...lateAlerts, alertRow('A3', 21, {}, 20)],
      SecurityIncident: [
        xdrIncidentRow(1, '6001', 19, { AlertIds: ['sa-A1'] }),
        xdrIncidentRow(2, '6002', 19, { AlertIds: ['sa-A2'] }),
        redirectedAt(2, '6002', 22, 19),
        xdrIncidentRow(1, '6001', 22, { AlertIds: ['sa-A1', 'sa-A2'], CreatedTime: at(19) }),
        xdrIncidentRow(3, '6003', 24, { AlertIds: ['sa-A3'] }),
        redirectedAt(1, '6001', 27, 19),
        xdrIncidentRow(3, '6003', 27, { AlertIds: ['sa-A3', 'sa-A1', 'sa-A2'], CreatedTime: at(24) }),
      ],
      xdr: {
        alerts: [...ingested, { name: nameOf('A3', 20), time: at(21) }],
        incidents: [
          redirectedXdr('6001', 9, '6003', 25),
          redirectedXdr('6002', 12, '6001'),
          xdrIncident('6003', 24, [
            ['A3', 20],
            ['A1', 0],
            ['A2', 0],
          ]),
        ],
      },
    });
    // Step 3 is judged; step 6 is not, as an earlier merge moved one of its alerts.
    expect(check('DOC-MERGE-TARGET', CHAINED, chained, IDEAL)).toEqual({ status: 'holds', situations: 1 });
    expect(check('XDR-REDIRECT', CHAINED, chained, IDEAL)).toEqual({ status: 'holds', situations: 1 });
  });

  it('should not take the holder of an earlier merge, brought in by a later step, for an incident of the step', () => {
    // A1..A3 at 0; at 6 XDR merges A2, A3 into 5004, then A2, A1 into 5005; A4, A5 at 6; at 12 it merges A4,
    // A5 into 5008, then A4, A1 into 5009. 5004, created at 6 and resolved (redirected) before 12, is reached
    // from A4 and A5 through 5009; it was not created for either, so step 9 is no closed merge.
    const CHAIN = scenario(
      [
        raise('A1'),
        raise('A2'),
        raise('A3'),
        wait(6),
        correlated('A2', 'A3'),
        correlated('A2', 'A1'),
        raise('A4'),
        raise('A5'),
        wait(6),
        correlated('A4', 'A5'),
        correlated('A4', 'A1'),
        wait(60),
      ],
      config(),
    );
    const merged = (id: string, created: number, at: number, into: string) =>
      xdrIncident(
        id,
        created,
        [],
        [
          [created, 'active'],
          [at, 'redirected'],
        ],
        into,
      );
    const chain = observation({
      xdr: {
        alerts: [],
        incidents: [
          merged('5001', 0, 6, '5005'),
          merged('5002', 0, 6, '5004'),
          merged('5003', 0, 6, '5004'),
          merged('5004', 6, 6, '5005'),
          merged('5005', 6, 12, '5009'),
          merged('5006', 6, 12, '5008'),
          merged('5007', 6, 12, '5008'),
          merged('5008', 12, 12, '5009'),
          xdrIncident('5009', 12, [
            ['A1', 0],
            ['A2', 0],
            ['A3', 0],
            ['A4', 6],
            ['A5', 6],
          ]),
        ],
      },
    });
    expect(check('DOC-NO-MERGE-CLOSED', CHAIN, chain, OBSERVED).status).not.toBe('violated');
  });

  describe('when one incident was resolved before the correlation', () => {
    /** A1..A3 raised at 0; 6001 (A1) resolved in XDR at 15; correlation at 25 (step 6). */
    const LATE_THREE = scenario(
      [
        raise('A1'),
        raise('A2'),
        raise('A3'),
        wait(15),
        closedInXdr('A1'),
        wait(10),
        correlated('A1', 'A2', 'A3'),
        wait(40),
      ],
      XDR_ON,
    );
    const threeAlerts = [alertRow('A1', 1), alertRow('A2', 2), alertRow('A3', 2)];
    const before = [
      xdrIncidentRow(1, '6001', 19, { AlertIds: ['sa-A1'], Status: 'Closed' }),
      xdrIncidentRow(2, '6002', 22, { AlertIds: ['sa-A2'] }),
      xdrIncidentRow(3, '6003', 23, { AlertIds: ['sa-A3'] }),
    ];
    const resolved = (redirected: boolean) =>
      xdrIncident(
        '6001',
        9,
        redirected ? [] : [['A1', 0]],
        [
          [9, 'active'],
          [15, 'resolved'],
          ...(redirected ? ([[25, 'redirected']] as [number, 'redirected'][]) : []),
        ],
        redirected ? '6002' : undefined,
      );
    const xdrAlerts = [...ingested, { name: nameOf('A3'), time: at(5) }];
    const untouched = observation({
      SecurityAlert: threeAlerts,
      SecurityIncident: [
        ...before,
        redirectedAt(3, '6003', 28, 23),
        xdrIncidentRow(2, '6002', 29, { AlertIds: ['sa-A2', 'sa-A3'], CreatedTime: at(22) }),
      ],
      xdr: {
        alerts: xdrAlerts,
        incidents: [
          resolved(false),
          xdrIncident('6002', 12, [
            ['A2', 0],
            ['A3', 0],
          ]),
          redirectedXdr('6003', 13, '6002', 25),
        ],
      },
    });
    const swallowed = observation({
      SecurityAlert: threeAlerts,
      SecurityIncident: [
        ...before,
        redirectedAt(3, '6003', 28, 23),
        redirectedAt(1, '6001', 28, 19),
        xdrIncidentRow(2, '6002', 29, { AlertIds: ['sa-A1', 'sa-A2', 'sa-A3'], CreatedTime: at(22) }),
      ],
      xdr: {
        alerts: xdrAlerts,
        incidents: [
          resolved(true),
          xdrIncident('6002', 12, [
            ['A1', 0],
            ['A2', 0],
            ['A3', 0],
          ]),
          redirectedXdr('6003', 13, '6002', 25),
        ],
      },
    });

    it('should hold when the resolved incident keeps its alert', () => {
      expect(check('DOC-NO-MERGE-CLOSED', LATE_THREE, untouched, IDEAL)).toEqual({
        status: 'holds',
        situations: 1,
      });
      expect(check('XDR-REDIRECT', LATE_THREE, untouched, IDEAL)).toEqual({ status: 'holds', situations: 1 });
      expect(check('DOC-MERGE-TARGET', LATE_THREE, untouched, IDEAL)).toEqual({
        status: 'holds',
        situations: 1,
      });
    });

    it('should be violated when the resolved incident is merged', () => {
      const { message, witness } = violation(check('DOC-NO-MERGE-CLOSED', LATE_THREE, swallowed, IDEAL));
      expect(message).toContain("XDR incident '6001' (A1) was resolved before XDR correlated A1, A2, A3");
      expect(message).toContain("XDR set it redirected into '6002'");
      expect(witness.steps).toEqual([6]);
      expect(witness.alerts).toEqual(['A1']);
    });
  });
});
