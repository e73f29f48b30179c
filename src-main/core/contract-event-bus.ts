// Every event of the contract (src-shared/contract-events.ts) on one emitter, whatever part of
// the core raised it: the task events of the service, the queue's state, export progress, the
// settings, the app menu. A transport (Electron IPC, the test host's WebSocket) subscribes here
// once for all of them.
import { EventEmitter } from 'node:events';
import { EVENT_NAMES, type ContractEventMap, type EventName } from '../../src-shared/contract-events';

/** Any emitter of some contract events, with their payload types. */
interface EventSource<E extends EventName> {
  on(name: E, listener: (payload: ContractEventMap[E][0]) => void): unknown;
  off(name: E, listener: (payload: ContractEventMap[E][0]) => void): unknown;
}

export class ContractEventBus extends EventEmitter<ContractEventMap> {
  private readonly detachers: (() => void)[] = [];

  /** Re-emits these events of `source` here, until `dispose`. */
  relay<E extends EventName>(source: EventSource<E>, names: readonly E[]): void {
    for (const name of names) {
      const forward = (payload: ContractEventMap[E][0]) => {
        (this.emit as (event: EventName, value: unknown) => boolean)(name, payload);
      };
      source.on(name, forward);
      this.detachers.push(() => source.off(name, forward));
    }
  }

  /** One listener for every event, as a transport wants it; returns the unsubscribe. */
  subscribeAll(listener: (name: EventName, payload: unknown) => void): () => void {
    const unsubscribers = EVENT_NAMES.map((name) => {
      const forward = (payload: unknown) => listener(name, payload);
      (this.on as (event: EventName, handler: (value: unknown) => void) => this)(name, forward);
      return () => (this.off as (event: EventName, handler: (value: unknown) => void) => this)(name, forward);
    });
    return () => {
      for (const unsubscribe of unsubscribers) unsubscribe();
    };
  }

  dispose(): void {
    for (const detach of this.detachers.splice(0)) detach();
    this.removeAllListeners();
  }
}
