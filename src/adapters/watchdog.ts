/**
 * The per-scenario timeout of a pipelined implementation: one timer, for the oldest request in flight, from
 * the moment it became the oldest. An implementation answering in order so gives every scenario its full
 * time, however many wait behind it.
 */
/** A delay Node's timers can take: at most 2^31 − 1 ms (a longer one would fire at once, after 1 ms). */
export function timerDelay(ms: number): number {
  return Math.min(ms, 2 ** 31 - 1);
}

export class OldestWatchdog<Id> {
  private current: { id: Id; timer: NodeJS.Timeout } | undefined;

  /** Times `head` (left running when it already does), or nothing when nothing is in flight. */
  follow(head: Id | undefined, ms: number, onTimeout: (id: Id) => void): void {
    if (this.current && this.current.id === head) return;
    this.stop();
    if (head === undefined) return;
    const timer = setTimeout(() => {
      this.current = undefined;
      onTimeout(head);
    }, timerDelay(ms));
    this.current = { id: head, timer };
  }

  stop(): void {
    if (this.current) clearTimeout(this.current.timer);
    this.current = undefined;
  }
}
