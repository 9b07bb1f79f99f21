import { describe, expect, it } from 'vitest';
import { incidentRuleBehaviours } from '../../model/invariants/incident-rules.ts';
import type { Observation } from '../../model/observation.ts';
import type { Scenario } from '../../model/scenario.ts';
import { alertRow, config, MDC_RULE, observation, raise, scenario, wait } from '../support/build.ts';
import {
  configChanged,
  judge,
  rule,
  ruleIncidentRow,
  violation,
  xdrIncidentRow,
} from './support-incidents.ts';

function check(id: string, s: Scenario, o: Observation) {
  return judge(incidentRuleBehaviours, id, s, o);
}

const WITH_RULE = config({ incidentRules: [MDC_RULE] });
const BOTH_CONNECTORS_WITH_RULE = config({ tenantConnector: true, incidentRules: [MDC_RULE] });
const A1 = [raise('A1'), wait(30)];

describe('RULE-REQUIRED', () => {
  it('should hold when no rule is on and the alert has no incident', () => {
    const verdict = check('RULE-REQUIRED', scenario(A1), observation({ SecurityAlert: [alertRow('A1', 1)] }));
    expect(verdict).toEqual({ status: 'holds', situations: 1 });
  });

  it('should be violated by an incident for an alert whose rows all arrived while no rule was on', () => {
    const verdict = check(
      'RULE-REQUIRED',
      scenario(A1),
      observation({ SecurityAlert: [alertRow('A1', 1)], SecurityIncident: [ruleIncidentRow(1, 'A1', 2)] }),
    );
    const { message, witness } = violation(verdict);
    expect(message).toContain('A1');
    expect(message).toContain('incident #1');
    expect(witness).toEqual({ alertRows: [0], incidentRows: [0], steps: [], alerts: ['A1'] });
  });

  it("should leave the XDR connector's own incidents out", () => {
    const verdict = check(
      'RULE-REQUIRED',
      scenario(A1, config({ xdrConnector: true })),
      observation({
        SecurityAlert: [alertRow('A1', 1)],
        SecurityIncident: [xdrIncidentRow(1, '5001', 2, { AlertIds: ['sa-A1'] })],
      }),
    );
    expect(verdict).toEqual({ status: 'holds', situations: 1 });
  });

  it('should not be exercised when a rule was on', () => {
    const verdict = check(
      'RULE-REQUIRED',
      scenario(A1, WITH_RULE),
      observation({ SecurityAlert: [alertRow('A1', 1)] }),
    );
    expect(verdict).toEqual({ status: 'not-exercised' });
  });

  it('should not judge a row that arrived at the very instant a rule was added', () => {
    const timeline = [raise('A1'), wait(1), configChanged({ kind: 'rule-added', rule: MDC_RULE }), wait(30)];
    const verdict = check(
      'RULE-REQUIRED',
      scenario(timeline),
      observation({ SecurityAlert: [alertRow('A1', 1)], SecurityIncident: [ruleIncidentRow(1, 'A1', 2)] }),
    );
    expect(verdict).toEqual({ status: 'not-exercised' });
  });
});

describe('RULE-PRODUCT-FILTER', () => {
  const CAS_ONLY = config({ incidentRules: [rule('cas', ['Microsoft Cloud App Security'])] });

  it('should hold when a rule for another product makes no incident for an MDC alert', () => {
    const verdict = check(
      'RULE-PRODUCT-FILTER',
      scenario(A1, CAS_ONLY),
      observation({ SecurityAlert: [alertRow('A1', 1)] }),
    );
    expect(verdict).toEqual({ status: 'holds', situations: 1 });
  });

  it('should be violated by an incident from a rule that does not name the product', () => {
    const verdict = check(
      'RULE-PRODUCT-FILTER',
      scenario(A1, CAS_ONLY),
      observation({ SecurityAlert: [alertRow('A1', 1)], SecurityIncident: [ruleIncidentRow(1, 'A1', 2)] }),
    );
    const { message, witness } = violation(verdict);
    expect(message).toContain("'cas' names ['Microsoft Cloud App Security']");
    expect(message).toContain("ProductName 'Azure Security Center'");
    expect(witness).toEqual({ alertRows: [0], incidentRows: [0], steps: [], alerts: ['A1'] });
  });

  it("should be violated by an incident for a severity outside the rule's filter", () => {
    const lowOnly = config({ incidentRules: [rule('mdc-low', ['Azure Security Center'], ['Low'])] });
    const verdict = check(
      'RULE-PRODUCT-FILTER',
      scenario(A1, lowOnly),
      observation({ SecurityAlert: [alertRow('A1', 1)], SecurityIncident: [ruleIncidentRow(1, 'A1', 2)] }),
    );
    expect(violation(verdict).message).toContain("at ['Low']");
  });

  it('should not be exercised when the rule names the product', () => {
    const verdict = check(
      'RULE-PRODUCT-FILTER',
      scenario(A1, WITH_RULE),
      observation({ SecurityAlert: [alertRow('A1', 1)], SecurityIncident: [ruleIncidentRow(1, 'A1', 2)] }),
    );
    expect(verdict).toEqual({ status: 'not-exercised' });
  });
});

describe('RULE-ONE-INCIDENT', () => {
  const rows = [
    alertRow('A1', 1),
    alertRow('A1', 12, { _Connector: 'tenant' }),
    alertRow('A1', 20, { Status: 'Resolved' }),
  ];

  it('should hold when duplicates and status updates stay under one incident', () => {
    const verdict = check(
      'RULE-ONE-INCIDENT',
      scenario(A1, BOTH_CONNECTORS_WITH_RULE),
      observation({
        SecurityAlert: rows,
        SecurityIncident: [ruleIncidentRow(1, 'A1', 2), ruleIncidentRow(1, 'A1', 9, { Status: 'Active' })],
      }),
    );
    expect(verdict).toEqual({ status: 'holds', situations: 1 });
  });

  it('should be violated by a second incident from a later row', () => {
    const verdict = check(
      'RULE-ONE-INCIDENT',
      scenario(A1, BOTH_CONNECTORS_WITH_RULE),
      observation({
        SecurityAlert: rows,
        SecurityIncident: [ruleIncidentRow(1, 'A1', 2), ruleIncidentRow(2, 'A1', 13)],
      }),
    );
    const { message, witness } = violation(verdict);
    expect(message).toContain("2 'Azure Sentinel' incidents");
    expect(message).toContain('#1');
    expect(message).toContain('#2');
    expect(witness).toEqual({ alertRows: [0, 1, 2], incidentRows: [0, 1], steps: [], alerts: ['A1'] });
  });

  it('should be violated when no incident comes of rows under a matching rule', () => {
    const verdict = check(
      'RULE-ONE-INCIDENT',
      scenario(A1, BOTH_CONNECTORS_WITH_RULE),
      observation({ SecurityAlert: rows }),
    );
    const { message, witness } = violation(verdict);
    expect(message).toContain("no 'Azure Sentinel' incident holds its SystemAlertId ['sa-A1']");
    expect(witness.alertRows).toEqual([0]);
  });

  it('should not be exercised by an alert with a single row', () => {
    const verdict = check(
      'RULE-ONE-INCIDENT',
      scenario(A1, WITH_RULE),
      observation({ SecurityAlert: [alertRow('A1', 1)], SecurityIncident: [ruleIncidentRow(1, 'A1', 2)] }),
    );
    expect(verdict).toEqual({ status: 'not-exercised' });
  });

  it('should leave alerts under several matching rules to DOC-RULES-ONE-INCIDENT', () => {
    const twoRules = config({ tenantConnector: true, incidentRules: [MDC_RULE, rule('mdc-2')] });
    const verdict = check(
      'RULE-ONE-INCIDENT',
      scenario(A1, twoRules),
      observation({
        SecurityAlert: rows,
        SecurityIncident: [ruleIncidentRow(1, 'A1', 2), ruleIncidentRow(2, 'A1', 2)],
      }),
    );
    expect(verdict).toEqual({ status: 'not-exercised' });
  });
});

describe('DOC-RULES-ONE-INCIDENT', () => {
  const TWO_RULES = config({
    incidentRules: [MDC_RULE, rule('mdc-high', ['Azure Security Center'], ['High'])],
  });

  it('should hold when an alert matching two rules has one incident', () => {
    const verdict = check(
      'DOC-RULES-ONE-INCIDENT',
      scenario(A1, TWO_RULES),
      observation({ SecurityAlert: [alertRow('A1', 1)], SecurityIncident: [ruleIncidentRow(1, 'A1', 2)] }),
    );
    expect(verdict).toEqual({ status: 'holds', situations: 1 });
  });

  it('should be violated by one incident per matching rule', () => {
    const verdict = check(
      'DOC-RULES-ONE-INCIDENT',
      scenario(A1, TWO_RULES),
      observation({
        SecurityAlert: [alertRow('A1', 1)],
        SecurityIncident: [ruleIncidentRow(1, 'A1', 2), ruleIncidentRow(2, 'A1', 2)],
      }),
    );
    const { message, witness } = violation(verdict);
    expect(message).toContain("matched 2 rules at once (['mdc', 'mdc-high'])");
    expect(witness).toEqual({ alertRows: [0], incidentRows: [0, 1], steps: [], alerts: ['A1'] });
  });

  it('should not be exercised when only one rule matches the severity', () => {
    const oneMatching = config({
      incidentRules: [MDC_RULE, rule('mdc-low', ['Azure Security Center'], ['Low'])],
    });
    const verdict = check(
      'DOC-RULES-ONE-INCIDENT',
      scenario(A1, oneMatching),
      observation({ SecurityAlert: [alertRow('A1', 1)], SecurityIncident: [ruleIncidentRow(1, 'A1', 2)] }),
    );
    expect(verdict).toEqual({ status: 'not-exercised' });
  });
});

describe('RULE-FIRST-ARRIVAL', () => {
  const firstRow = [alertRow('A1', 1)];

  it('should hold when the incident is created from the first row within the rule delay', () => {
    const verdict = check(
      'RULE-FIRST-ARRIVAL',
      scenario(A1, WITH_RULE),
      observation({ SecurityAlert: firstRow, SecurityIncident: [ruleIncidentRow(1, 'A1', 2)] }),
    );
    expect(verdict).toEqual({ status: 'holds', situations: 1 });
  });

  it('should be violated by an incident created more than two minutes after the first row', () => {
    const verdict = check(
      'RULE-FIRST-ARRIVAL',
      scenario(A1, WITH_RULE),
      observation({ SecurityAlert: firstRow, SecurityIncident: [ruleIncidentRow(1, 'A1', 4)] }),
    );
    const { message, witness } = violation(verdict);
    expect(message).toContain('more than 2 minutes after');
    expect(message).toContain('row 0');
    expect(witness).toEqual({ alertRows: [0], incidentRows: [0], steps: [], alerts: ['A1'] });
  });

  it('should be violated by an incident created before the first row arrived', () => {
    const verdict = check(
      'RULE-FIRST-ARRIVAL',
      scenario(A1, WITH_RULE),
      observation({ SecurityAlert: [alertRow('A1', 3)], SecurityIncident: [ruleIncidentRow(1, 'A1', 1)] }),
    );
    expect(violation(verdict).message).toContain("before A1's first row under a matching rule");
  });

  it("should be violated by a Title that is not the first row's AlertName", () => {
    const verdict = check(
      'RULE-FIRST-ARRIVAL',
      scenario(A1, WITH_RULE),
      observation({
        SecurityAlert: firstRow,
        SecurityIncident: [ruleIncidentRow(1, 'A1', 2, { Title: 'Other' })],
      }),
    );
    expect(violation(verdict).message).toContain("Title 'Other'");
  });

  it('should be violated when the first row under a matching rule makes no incident', () => {
    const verdict = check(
      'RULE-FIRST-ARRIVAL',
      scenario(A1, WITH_RULE),
      observation({ SecurityAlert: firstRow }),
    );
    const { message, witness } = violation(verdict);
    expect(message).toContain("made no 'Azure Sentinel' incident");
    expect(witness.alertRows).toEqual([0]);
  });

  describe('with a rule added after the first row (ASSUME-RULE-LATE)', () => {
    const timeline = [raise('A1'), wait(5), configChanged({ kind: 'rule-added', rule: MDC_RULE }), wait(30)];
    const rows = [alertRow('A1', 1), alertRow('A1', 12, { _Connector: 'tenant' })];
    const cfg = config({ tenantConnector: true });

    it('should hold when the incident comes from the first row after the rule', () => {
      const verdict = check(
        'RULE-FIRST-ARRIVAL',
        scenario(timeline, cfg),
        observation({ SecurityAlert: rows, SecurityIncident: [ruleIncidentRow(1, 'A1', 13)] }),
      );
      expect(verdict).toEqual({ status: 'holds', situations: 1 });
    });

    it('should be violated by an incident from a row that arrived before the rule', () => {
      const verdict = check(
        'RULE-FIRST-ARRIVAL',
        scenario(timeline, cfg),
        observation({ SecurityAlert: rows, SecurityIncident: [ruleIncidentRow(1, 'A1', 2)] }),
      );
      const { message, witness } = violation(verdict);
      expect(message).toContain('before');
      expect(witness.alertRows).toEqual([1]);
    });
  });

  it('should not be exercised without a rule', () => {
    const verdict = check('RULE-FIRST-ARRIVAL', scenario(A1), observation({ SecurityAlert: firstRow }));
    expect(verdict).toEqual({ status: 'not-exercised' });
  });
});

describe('RULE-ANY-CONNECTOR', () => {
  const TENANT_ONLY = config({ subscriptionConnector: [], tenantConnector: true, incidentRules: [MDC_RULE] });
  const tenantRow = [alertRow('A1', 12, { _Connector: 'tenant' })];

  it("should hold when the tenant connector's row makes the incident", () => {
    const verdict = check(
      'RULE-ANY-CONNECTOR',
      scenario(A1, TENANT_ONLY),
      observation({ SecurityAlert: tenantRow, SecurityIncident: [ruleIncidentRow(1, 'A1', 13)] }),
    );
    expect(verdict).toEqual({ status: 'holds', situations: 1 });
  });

  it("should be violated when the rule ignores the tenant connector's row", () => {
    const verdict = check(
      'RULE-ANY-CONNECTOR',
      scenario(A1, TENANT_ONLY),
      observation({ SecurityAlert: tenantRow }),
    );
    const { message, witness } = violation(verdict);
    expect(message).toContain('came through the tenant connector');
    expect(witness).toEqual({ alertRows: [0], incidentRows: [], steps: [], alerts: ['A1'] });
  });

  it('should not be exercised without a rule', () => {
    const verdict = check('RULE-ANY-CONNECTOR', scenario(A1), observation({ SecurityAlert: tenantRow }));
    expect(verdict).toEqual({ status: 'not-exercised' });
  });
});
