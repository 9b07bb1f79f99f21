/**
 * Issue 13's lint verdicts: a configuration under which no MDC alert reaches Sentinel is a finding, the
 * advice on a rule next to the XDR connector keeps Informational incidents, and the terminal shows plain
 * text, not Markdown escapes.
 */
import { describe, expect, it } from 'vitest';
import type { WorkspaceConfig } from '../../model/config.ts';
import { escapeMarkdown } from '../../src/report/markdown.ts';
import { lintConfig, renderLint } from '../../src/trace-check/lint.ts';
import { plainText } from '../../src/trace-check/report.ts';

const SUB = '11111111-2222-4333-8444-555555555551';

function config(part: Partial<WorkspaceConfig>): WorkspaceConfig {
  return {
    subscriptions: [SUB],
    subscriptionConnector: [],
    tenantConnector: false,
    xdrMdcSetting: 'All alerts',
    xdrConnector: false,
    incidentRules: [],
    ...part,
  };
}

const MDC_RULE = { name: 'mdc', productFilter: ['Azure Security Center' as const], severitiesFilter: [] };

describe('lint where no MDC alert reaches Sentinel', () => {
  for (const [what, part] of [
    ['no connector at all', {}],
    [
      "the XDR connector with 'No alerts' and no MDC connector",
      { xdrConnector: true, xdrMdcSetting: 'No alerts' },
    ],
  ] as const) {
    it(`should find it, as its own prediction says nothing arrives: ${what}`, () => {
      const result = lintConfig(config(part));
      expect(result.predictions.every((p) => p.alertVia.length === 0)).toBe(true);
      expect(result.findings.map((f) => f.id)).toEqual(['ADV-SUB-COVERAGE']);
      expect(result.findings[0]?.message).toMatch(/no MDC connector forwards/i);
      expect(result.findings[0]?.consequence).toMatch(/never reach the SecurityAlert table/);
    });
  }

  it('should stay silent where each subscription’s alerts arrive', () => {
    const covered = config({ subscriptionConnector: [{ subscription: SUB, sync: true }] });
    expect(lintConfig(covered).findings).toEqual([]);
    expect(lintConfig(config({ tenantConnector: true })).findings).toEqual([]);
  });
});

describe("ADV-NO-RULE-WITH-XDR's advice", () => {
  it('should suggest a rule restricted to Informational where turning it off loses their incidents', () => {
    const result = lintConfig(
      config({
        subscriptionConnector: [{ subscription: SUB, sync: true }],
        tenantConnector: true,
        xdrConnector: true,
        incidentRules: [MDC_RULE],
      }),
    );
    const finding = result.findings.find((f) => f.id === 'ADV-NO-RULE-WITH-XDR');
    expect(finding?.message).toMatch(/restrict it to Informational/);
    expect(finding?.message).not.toMatch(/turn the rule off\.$/);
    // The model agrees: an Informational alert gets its incident from the rule alone.
    const informational = result.predictions.find((p) => p.severity === 'Informational');
    expect(informational?.incidents).toEqual(['Azure Sentinel']);
    // The suggested rule is no pitfall.
    const restricted = lintConfig(
      config({
        subscriptionConnector: [{ subscription: SUB, sync: true }],
        tenantConnector: true,
        xdrConnector: true,
        incidentRules: [{ ...MDC_RULE, severitiesFilter: ['Informational'] }],
      }),
    );
    expect(restricted.findings).toEqual([]);
  });

  it('should say turn it off where no Informational alert reaches the rule', () => {
    const result = lintConfig(
      config({ tenantConnector: true, xdrConnector: true, incidentRules: [MDC_RULE] }),
    );
    const finding = result.findings.find((f) => f.id === 'ADV-NO-RULE-WITH-XDR');
    expect(finding?.message).toMatch(/turn the rule off\.$/);
  });
});

describe('lint on a terminal', () => {
  it('should render plain text, without Markdown escapes', () => {
    const result = lintConfig(
      config({ tenantConnector: true, xdrConnector: true, incidentRules: [MDC_RULE] }),
    );
    const plain = renderLint(result, 'ws.json', { plain: true });
    expect(plain).toContain("('Microsoft XDR')");
    expect(plain).not.toMatch(/\\[()[\]+_*#!|`{}~]/);
    // Markdown (a file, a pipe) escapes only what Markdown would misread (test/cli/independent-lint.test.ts).
    expect(renderLint(result, 'ws.json')).toContain("('Microsoft XDR')");
  });
});

describe('check-trace on a terminal', () => {
  it('should read the escaped Markdown back as plain text', () => {
    const text = "rule 'mdc' (Microsoft XDR) [x] a+b #1 | c_d <e> & f\\g";
    expect(plainText(escapeMarkdown(text))).toBe(text);
  });
});
