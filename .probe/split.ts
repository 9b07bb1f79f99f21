import fc from 'fast-check';
import { contextFor, evaluateOne, runVerdict } from '../model/evaluate.ts';
import { BEHAVIOURS } from '../model/invariants/index.ts';
import { IDEAL } from '../model/profile.ts';
import { simulate } from '../model/reference/simulator.ts';
import { scenarioOfLengthArb, scheduleArb } from '../properties/arbitraries.ts';
import * as alerts from '../model/invariants/support-alerts.ts';
import * as incidents from '../model/invariants/support-incidents.ts';
const arb = fc.record({ scenario: scenarioOfLengthArb(30), schedule: scheduleArb });
const cases = fc.sample(arb, { seed: 5, numRuns: 2000 });
const obs = cases.map((c) => simulate(c.scenario, c.schedule, IDEAL));
const stats = new Map<string, { ne: number; neMs: number; ex: number; exMs: number }>();
for (let round = 0; round < 3; round++) {
  for (const s of stats.values()) { s.ne = 0; s.neMs = 0; s.ex = 0; s.exMs = 0; }
  for (let i = 0; i < cases.length; i++) {
    const ctx = contextFor(cases[i]!.scenario, obs[i]!, IDEAL);
    alerts.alertViews(ctx); incidents.incidentViews?.(ctx);
    for (const b of BEHAVIOURS) {
      const t = performance.now();
      const v = runVerdict(evaluateOne(b, ctx));
      const dt = performance.now() - t;
      const s = stats.get(b.id) ?? { ne: 0, neMs: 0, ex: 0, exMs: 0 };
      stats.set(b.id, s);
      if (v.status === 'not-exercised') { s.ne++; s.neMs += dt; } else { s.ex++; s.exMs += dt; }
    }
  }
}
let ne = 0, ex = 0;
const rows = [...stats].sort((a, b) => (b[1].neMs + b[1].exMs) - (a[1].neMs + a[1].exMs));
for (const [id, s] of rows.slice(0, 15)) console.log(id.padEnd(32), 'not-ex', s.ne, s.neMs.toFixed(1), 'ms  ex', s.ex, s.exMs.toFixed(1), 'ms');
for (const s of stats.values()) { ne += s.neMs; ex += s.exMs; }
console.log('total not-exercised ms', ne.toFixed(1), 'exercised ms', ex.toFixed(1));
