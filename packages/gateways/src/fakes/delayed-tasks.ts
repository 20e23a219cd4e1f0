export interface DelayedTasks {
  /** Runs `task` after `delayMs`. The timer never keeps the process alive on its own. */
  later(delayMs: number, task: () => void): void;
  /** Follows work already under way (a callback delivery), so `idle` waits for it too. */
  track(work: Promise<unknown>): void;
  /** Resolves once no timer is pending and no tracked work is under way. */
  idle(): Promise<void>;
  /** Drops every pending timer; their tasks never run. */
  cancel(): void;
}

/** The timers and deliveries of a fake provider, so tests can wait for them and close can stop them. */
export function createDelayedTasks(): DelayedTasks {
  const timers = new Map<NodeJS.Timeout, { done: Promise<void>; finish: () => void }>();
  const work = new Set<Promise<unknown>>();

  return {
    later(delayMs, task) {
      let finish = () => {};
      const done = new Promise<void>((resolve) => {
        finish = resolve;
      });
      const timer = setTimeout(() => {
        timers.delete(timer);
        try {
          task();
        } catch {
          // A throwing task must not become an uncaught exception in the host process.
        } finally {
          finish();
        }
      }, delayMs);
      timer.unref();
      timers.set(timer, { done, finish });
    },
    track(promise) {
      work.add(promise);
      void promise.finally(() => work.delete(promise)).catch(() => {});
    },
    async idle() {
      while (timers.size > 0 || work.size > 0) {
        await Promise.allSettled([...[...timers.values()].map((entry) => entry.done), ...work]);
      }
    },
    cancel() {
      for (const [timer, entry] of timers) {
        clearTimeout(timer);
        entry.finish();
      }
      timers.clear();
    },
  };
}
