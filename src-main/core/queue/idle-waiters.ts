// Callers waiting until every task of a batch (or every task) has ended: the CLI's
// `webagent parse` waits for its batch this way.
interface Waiter {
  batchId: number | undefined;
  resolve(): void;
  reject(error: Error): void;
}

export class IdleWaiters {
  private waiters: Waiter[] = [];

  get size(): number {
    return this.waiters.length;
  }

  add(batchId: number | undefined): Promise<void> {
    return new Promise<void>((resolve, reject) => this.waiters.push({ batchId, resolve, reject }));
  }

  /** Resolves the waiters whose batch has nothing pending or running left. */
  resolveEnded(hasUnfinished: (batchId: number | undefined) => boolean): void {
    if (this.waiters.length === 0) return;
    const unfinished = new Map<number | undefined, boolean>();
    this.waiters = this.waiters.filter((waiter) => {
      if (!unfinished.has(waiter.batchId)) unfinished.set(waiter.batchId, hasUnfinished(waiter.batchId));
      if (unfinished.get(waiter.batchId)) return true;
      waiter.resolve();
      return false;
    });
  }

  rejectAll(error: Error): void {
    for (const waiter of this.waiters.splice(0)) waiter.reject(error);
  }
}
