/**
 * A verdict is more than pass/fail: `holds` (with how often its situation occurred), `violated` (with the
 * witness: row and step indices into the observation and scenario), `not-exercised` (its situation never
 * occurred), `undecidable` (the data cannot tell), `errored` (the implementation crashed, hung or broke the
 * protocol) and `skipped` (with a reason, e.g. a variant the profile does not follow).
 */

export interface Witness {
  /** Indices into Observation.SecurityAlert. */
  alertRows: number[];
  /** Indices into Observation.SecurityIncident. */
  incidentRows: number[];
  /** Indices into Scenario.timeline. */
  steps: number[];
  /** Alert handles of the scenario ('A1', …). */
  alerts: string[];
}

/**
 * Situations an invariant left open because the article allows both outcomes there (a configuration change
 * within a delay bound of the event, steps and events sharing an instant): how many, and the first reason in
 * domain words ("A1: the tenant connector was enabled 1 min after the raise"). Counted apart, never a violation.
 */
export interface Undecided {
  count: number;
  first: string;
}

export type Verdict =
  | { status: 'holds'; situations: number; undecided?: Undecided }
  | { status: 'violated'; situations: number; message: string; witness: Witness }
  | { status: 'not-exercised'; undecided?: Undecided }
  | { status: 'undecidable'; reason: string }
  | { status: 'errored'; reason: string }
  | { status: 'skipped'; reason: string };

export type VerdictStatus = Verdict['status'];

export function emptyWitness(): Witness {
  return { alertRows: [], incidentRows: [], steps: [], alerts: [] };
}

export function witness(part: Partial<Witness>): Witness {
  return { ...emptyWitness(), ...part };
}

/** A violation found while scanning situations. */
export interface Violation {
  message: string;
  witness: Witness;
}

/**
 * Folds a scan into a verdict: the first violation wins; no situation means not-exercised.
 * Invariants count one situation per thing they judged (an alert, an incident, a step).
 */
export function conclude(
  situations: number,
  violations: readonly Violation[],
  open: readonly string[] = [],
): Verdict {
  const first = violations[0];
  if (first) return { status: 'violated', situations, message: first.message, witness: first.witness };
  const reason = open[0];
  const undecided = reason === undefined ? undefined : { count: open.length, first: reason };
  if (situations === 0)
    return undecided ? { status: 'not-exercised', undecided } : { status: 'not-exercised' };
  return undecided ? { status: 'holds', situations, undecided } : { status: 'holds', situations };
}
