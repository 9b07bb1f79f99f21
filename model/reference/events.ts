/**
 * The reference simulator's events: everything that happens after a step, at a later (or the same) time,
 * because a connector, a rule, the XDR connector or a sync acts with a delay. The queue orders them by time,
 * then by insertion, so one (scenario, schedule, profile) always yields the same run.
 */
import type { AlertConnector, SecurityAlertRow } from '../tables.ts';
import type { MdcStatus } from '../timeline.ts';

export type SimEvent =
  /** A connector delivers an MDC event it took: writes the alert's status at that moment (if new to it). */
  | { kind: 'connector-delivery'; alert: string; connector: AlertConnector }
  /** Q-TENANT-REPEATS: the tenant connector writes its first row of the alert again. */
  | { kind: 'tenant-repeat'; alert: string; row: SecurityAlertRow }
  /** A Microsoft incident creation rule creates the incident for the alert, from the row that triggered it. */
  | { kind: 'rule-incident'; alert: string; title: string; severity: string }
  /** A sync lands in MDC: the alert takes this status (an MDC event). */
  | { kind: 'mdc-sync'; alert: string; status: MdcStatus }
  /** The XDR connector brings an XDR incident into Sentinel. */
  | { kind: 'xdr-incident-arrival'; xdrId: string }
  /**
   * A Sentinel closure lands in XDR: the XDR incident is resolved if still open, and the MDC alerts it
   * held when it was closed in Sentinel are resolved whatever happened to it since (ASSUME-SYNC-SNAPSHOT).
   */
  | { kind: 'xdr-resolve-sync'; xdrId: string; alerts: string[] }
  /** A Sentinel update lands in XDR: the XDR incident becomes inProgress. */
  | { kind: 'xdr-in-progress-sync'; xdrId: string }
  /** An XDR closure lands in Sentinel: the incident gets a Closed row. */
  | { kind: 'sentinel-close-sync'; xdrId: string }
  /** A redirect lands in Sentinel: the incident gets a Closed row labelled 'Redirected'. */
  | { kind: 'sentinel-redirect-sync'; xdrId: string }
  /** A merge lands in Sentinel: the holder (into-target) gets a row with all its alerts. */
  | { kind: 'sentinel-holder-sync'; xdrId: string };

export type SimEventKind = SimEvent['kind'];

export interface QueuedEvent {
  at: number;
  seq: number;
  event: SimEvent;
}

/** A priority queue by (time, insertion order). Small runs, so a sorted array is enough. */
export class EventQueue {
  private readonly entries: QueuedEvent[] = [];
  private nextSeq = 0;

  push(at: number, event: SimEvent): void {
    const entry: QueuedEvent = { at, seq: this.nextSeq++, event };
    // Insert after every entry due at or before `at`: ties keep insertion order.
    let low = 0;
    let high = this.entries.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const other = this.entries[mid];
      if (other !== undefined && other.at <= at) low = mid + 1;
      else high = mid;
    }
    this.entries.splice(low, 0, entry);
  }

  /** Removes and returns the next event due at or before `until`, if any. */
  popDue(until: number): QueuedEvent | undefined {
    const first = this.entries[0];
    if (first === undefined || first.at > until) return undefined;
    this.entries.shift();
    return first;
  }
}
