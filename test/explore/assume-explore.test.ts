/**
 * `assume --explore-depth K`: the exhaustive scenarios of explore, from the class's configuration, find a
 * break on their own (no random scenario at all here), shortest first, and say so in the replay path.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { WorkspaceConfig } from '../../model/config.ts';
import { IDEAL } from '../../model/profile.ts';
import { CHECKING } from '../../properties/settings.ts';
import { loadAssumptions } from '../../src/assume/assumption.ts';
import { searchClass, userClass } from '../../src/assume/search.ts';

const XDR_RULE = JSON.parse(readFileSync('test/assume/workspace-xdr-rule.json', 'utf8')) as WorkspaceConfig;

describe('assume with exploration', () => {
  it('breaks one-incident-per-alert with the XDR connector and a rule in two steps, from exploration alone', async () => {
    const [assumption] = await loadAssumptions('examples/assumptions/one-incident-per-alert.ts');
    if (!assumption) throw new Error('the example exports no assumption');
    const cls = userClass(XDR_RULE, false);
    const base = { classes: [cls], profiles: [IDEAL], runsPerClass: 0, seed: CHECKING.seed };
    expect(searchClass(assumption, cls, base).status).toBe('not exercised');
    const explored = searchClass(assumption, cls, { ...base, exploreDepth: 2 });
    expect(explored.status).toBe('broken');
    expect(explored.counterexample?.path).toMatch(/^explore: [12] steps?, /);
    expect(
      explored.counterexample?.scenario.timeline.filter((s) => s.type !== 'wait').length,
    ).toBeLessThanOrEqual(2);
  });
});
