/**
 * A run lists its first 20 failed scenarios but counts them all: every format says how many failed.
 */
import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/report/html.ts';
import { renderJunit } from '../../src/report/junit.ts';
import { renderMarkdown } from '../../src/report/markdown.ts';
import { ERRORED_LISTED, makeReport } from '../../src/report/report.ts';
import { flaky, runOf } from './support.ts';

describe('a run with more failed scenarios than it lists', async () => {
  const run = await runOf(flaky(), 'ideal', 90); // every third scenario fails: 30
  const report = makeReport([run]);

  it('should count them all and list the first 20', () => {
    expect(run.erroredRuns).toBe(30);
    expect(run.errored).toHaveLength(ERRORED_LISTED);
    expect(run.summary.exitCode).toBe(3);
  });

  it('should say how many failed in Markdown, JUnit and HTML', () => {
    expect(renderMarkdown(report)).toContain('30 of 90 scenarios failed; the first 20:');
    expect(renderJunit(report)).toContain(
      '30 of 90 scenarios failed (the first 20 listed); first: scenario 2',
    );
    const html = renderHtml(report);
    expect(html).toContain('30 failed scenarios</a>');
    expect(html).toContain('30 failed, the first 20 are listed.');
  });
});
