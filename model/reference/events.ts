/**
 * The reference simulator's events: everything that happens after a step, at a later (or the same) time,
 * because a connector, a rule, the XDR connector or a sync acts with a delay. The queue orders them by time,
 * then by insertion, so one (scenario, schedule, profile) always yields the same run.
 */
import type { AlertConnector, SecurityAlertRow } from '../tables.ts';
import type { MdcStatus } from '../timeline.ts';

export type SimEvent =
  /**
   * A connector delivers an MDC event it took (`taken`, the status the event set): writes the alert's
   * status at that moment (if new to it). A connector's delay is fixed per alert, so its deliveries of an
   * alert come in the order it took the events.
   */
  | { kind: 'connector-delivery'; alert: string; connector: AlertConnector; taken: MdcStatus }
  /** Q-TENANT-REPEATS: the tenant connector writes its first row of the alert again. */
  | { kind: 'tenant-repeat'; alert: string; row: SecurityAlertRow }
  /**
   * A Microsoft incident creation rule creates the incident for the alert, from the row that triggered it;
   * `key` is what the incident is made once per (the alert itself, documented).
   */
  | { kind: 'rule-incident'; alert: string; key: string; title: string; severity: string }
  /** A sync lands in MDC: the alert takes this status (an MDC event). */
  | { kind: 'mdc-sync'; alert: string; status: MdcStatus }
  /** Defender XDR ingests an MDC alert (ASSUME-XDR-INGEST-DELAY). */
  | { kind: 'xdr-ingest'; alert: string }
  /** Defender XDR creates the incident for an alert it ingested (ASSUME-XDR-INCIDENT-CREATE-DELAY). */
  | { kind: 'xdr-incident-created'; alert: string }
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

/**
 * A priority queue by (time, insertion order): a binary min-heap over three parallel arrays (times,
 * insertion numbers, events), so a push allocates no entry. Ties in time keep insertion order because the
 * insertion number breaks them.
 */
export class EventQueue {
  private readonly times: number[] = [];
  private readonly seqs: number[] = [];
  private readonly events: SimEvent[] = [];
  private nextSeq = 0;
  private readonly seqStep: number;

  /** `reversed`: events due at the same instant come in the reverse order of insertion (ASSUME-TIES). */
  constructor(readonly reversed = false) {
    this.seqStep = reversed ? -1 : 1;
  }

  push(at: number, event: SimEvent): void {
    const { times, seqs, events } = this;
    const seq = this.nextSeq;
    this.nextSeq += this.seqStep;
    // Sift up from the new last slot: move parents that come later down until the entry's place is found.
    let i = events.length;
    times.push(at);
    seqs.push(seq);
    events.push(event);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!comesBefore(at, seq, times[parent] as number, seqs[parent] as number)) break;
      times[i] = times[parent] as number;
      seqs[i] = seqs[parent] as number;
      events[i] = events[parent] as SimEvent;
      i = parent;
    }
    times[i] = at;
    seqs[i] = seq;
    events[i] = event;
  }

  /** Whether an event is queued that is due at or before `until`. */
  hasDue(until: number): boolean {
    return this.events.length > 0 && !((this.times[0] as number) > until);
  }

  /** When the next event is due (the queue must not be empty). */
  nextAt(): number {
    return this.times[0] as number;
  }

  /** Removes and returns the next event (the queue must not be empty). */
  pop(): SimEvent {
    const { times, seqs, events } = this;
    const first = events[0] as SimEvent;
    const lastAt = times.pop() as number;
    const lastSeq = seqs.pop() as number;
    const last = events.pop() as SimEvent;
    const size = events.length;
    if (size === 0) return first;
    // Sift the former last entry down from the root: move the earlier child up until its place is found.
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= size) break;
      const right = child + 1;
      if (
        right < size &&
        comesBefore(
          times[right] as number,
          seqs[right] as number,
          times[child] as number,
          seqs[child] as number,
        )
      )
        child = right;
      if (!comesBefore(times[child] as number, seqs[child] as number, lastAt, lastSeq)) break;
      times[i] = times[child] as number;
      seqs[i] = seqs[child] as number;
      events[i] = events[child] as SimEvent;
      i = child;
    }
    times[i] = lastAt;
    seqs[i] = lastSeq;
    events[i] = last;
    return first;
  }

  /** Removes and returns the next event due at or before `until`, if any. */
  popDue(until: number): QueuedEvent | undefined {
    if (!this.hasDue(until)) return undefined;
    const at = this.times[0] as number;
    const seq = this.seqs[0] as number;
    return { at, seq, event: this.pop() };
  }
}

/** Whether entry (at, seq) comes before entry (otherAt, otherSeq): earlier time, then earlier insertion. */
function comesBefore(at: number, seq: number, otherAt: number, otherSeq: number): boolean {
  return at < otherAt || (at === otherAt && seq < otherSeq);
}
