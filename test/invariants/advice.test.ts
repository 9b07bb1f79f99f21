import { describe, expect, it } from 'vitest';
import { adviceBehaviours } from '../../model/invariants/advice.ts';
import { config, MDC_RULE } from '../support/build.ts';
import { lint, rule } from './support-incidents.ts';

describe('ADV-MDC-CONNECTOR-WITH-XDR', () => {
  it('should warn when the XDR connector runs without any MDC connector', () => {
    const findings = lint(
      adviceBehaviours,
      'ADV-MDC-CONNECTOR-WITH-XDR',
      config({ xdrConnector: true, subscriptionConnector: [] }),
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]?.id).toBe('ADV-MDC-CONNECTOR-WITH-XDR');
    expect(findings[0]?.message).toContain('no MDC connector is enabled');
    expect(findings[0]?.consequence).toContain('XDR-EMPTY-WITHOUT-MDC-CONNECTOR');
  });

  it('should name the subscriptions no MDC connector covers', () => {
    const findings = lint(
      adviceBehaviours,
      'ADV-MDC-CONNECTOR-WITH-XDR',
      config({ xdrConnector: true, subscriptions: ['sub-1', 'sub-2'] }),
    );
    expect(findings[0]?.message).toContain("['sub-2']");
  });

  it('should stay silent with the tenant-based connector on', () => {
    const cfg = config({ xdrConnector: true, subscriptionConnector: [], tenantConnector: true });
    expect(lint(adviceBehaviours, 'ADV-MDC-CONNECTOR-WITH-XDR', cfg)).toEqual([]);
  });

  it("should stay silent when XDR's MDC setting is 'No alerts'", () => {
    const cfg = config({ xdrConnector: true, subscriptionConnector: [], xdrMdcSetting: 'No alerts' });
    expect(lint(adviceBehaviours, 'ADV-MDC-CONNECTOR-WITH-XDR', cfg)).toEqual([]);
  });
});

describe('ADV-NO-RULE-WITH-XDR', () => {
  it('should warn about each MDC incident creation rule next to the XDR connector', () => {
    const findings = lint(
      adviceBehaviours,
      'ADV-NO-RULE-WITH-XDR',
      config({ xdrConnector: true, incidentRules: [MDC_RULE, rule('mdc-2')] }),
    );
    expect(findings.map((f) => f.message)).toEqual([
      expect.stringContaining("rule 'mdc'"),
      expect.stringContaining("rule 'mdc-2'"),
    ]);
    expect(findings[0]?.consequence).toContain('XDR-DUPLICATE-INCIDENTS');
  });

  it('should stay silent without the XDR connector', () => {
    expect(lint(adviceBehaviours, 'ADV-NO-RULE-WITH-XDR', config({ incidentRules: [MDC_RULE] }))).toEqual([]);
  });

  it('should stay silent for rules that cannot take an alert XDR holds', () => {
    const cfg = config({
      xdrConnector: true,
      incidentRules: [
        rule('cas', ['Microsoft Cloud App Security']),
        rule('info', ['Azure Security Center'], ['Informational']),
      ],
    });
    expect(lint(adviceBehaviours, 'ADV-NO-RULE-WITH-XDR', cfg)).toEqual([]);
  });
});

describe('ADV-ALL-ALERTS-FOR-TENANT', () => {
  it("should warn when the tenant-based connector is on with 'No alerts'", () => {
    const findings = lint(
      adviceBehaviours,
      'ADV-ALL-ALERTS-FOR-TENANT',
      config({ tenantConnector: true, xdrMdcSetting: 'No alerts', xdrConnector: true }),
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]?.consequence).toContain('TEN-VIA-XDR');
    expect(findings[0]?.consequence).toContain('XDR-NO-ALERTS-NO-INCIDENTS');
  });

  it("should stay silent with 'All alerts'", () => {
    expect(lint(adviceBehaviours, 'ADV-ALL-ALERTS-FOR-TENANT', config({ tenantConnector: true }))).toEqual(
      [],
    );
  });
});

describe('ADV-SUB-COVERAGE', () => {
  it('should warn about a subscription the subscription-based connector misses', () => {
    const findings = lint(
      adviceBehaviours,
      'ADV-SUB-COVERAGE',
      config({ subscriptions: ['sub-1', 'sub-2'] }),
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).toContain("but not on ['sub-2']");
    expect(findings[0]?.consequence).toContain('never reach the SecurityAlert table');
  });

  it('should predict only Informational alerts lost when the tenant route covers the rest', () => {
    const cfg = config({ subscriptions: ['sub-1', 'sub-2'], tenantConnector: true });
    expect(lint(adviceBehaviours, 'ADV-SUB-COVERAGE', cfg)[0]?.consequence).toContain('Informational');
  });

  it('should judge a subscription added later, as the harness passes the subscriptions that exist', () => {
    expect(lint(adviceBehaviours, 'ADV-SUB-COVERAGE', config(), ['sub-1', 'sub-new'])).toHaveLength(1);
  });

  it('should stay silent when every subscription is covered', () => {
    expect(lint(adviceBehaviours, 'ADV-SUB-COVERAGE', config())).toEqual([]);
  });
});
