/** Event map: each event name to its single-payload handler type. */
export type EventMap<T> = { [K in keyof T]: (payload: never) => void };

type Payload<F> = F extends (payload: infer P) => void ? P : never;

/** A tiny typed event emitter: `on` returns its own unsubscribe function. */
export class TypedEmitter<Events extends EventMap<Events>> {
  private readonly handlers = new Map<keyof Events, Set<(payload: never) => void>>();

  /** Calls `handler` for every `event` until the returned function is called. */
  on<E extends keyof Events>(event: E, handler: Events[E]): () => void {
    const set = this.handlers.get(event) ?? new Set();
    set.add(handler);
    this.handlers.set(event, set);
    return () => set.delete(handler);
  }

  /** Calls every handler of `event` with `payload`. */
  emit<E extends keyof Events>(event: E, payload: Payload<Events[E]>): void {
    for (const handler of this.handlers.get(event) ?? []) {
      (handler as (payload: Payload<Events[E]>) => void)(payload);
    }
  }
}
