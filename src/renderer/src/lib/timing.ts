/** Coalescing helpers for bursts of events (chat.done then ledger.changed, deltas while streaming). */

export interface Scheduled {
  /** Asks for a run; see the helper for when it happens. */
  (): void;
  /** Runs now if a run is pending. */
  flush(): void;
  /** Drops a pending run. */
  cancel(): void;
}

export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: Timers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

function schedule(fn: () => void, ms: number, restartOnCall: boolean, timers: Timers): Scheduled {
  let handle: unknown = null;
  const run = () => {
    handle = null;
    fn();
  };
  const request = (() => {
    if (handle !== null) {
      if (!restartOnCall) return;
      timers.clear(handle);
    }
    handle = timers.set(run, ms);
  }) as Scheduled;
  request.flush = () => {
    if (handle === null) return;
    timers.clear(handle);
    run();
  };
  request.cancel = () => {
    if (handle !== null) timers.clear(handle);
    handle = null;
  };
  return request;
}

/** Runs `fn` once, `ms` after the last call of a burst. */
export function debounce(fn: () => void, ms: number, timers: Timers = realTimers): Scheduled {
  return schedule(fn, ms, true, timers);
}

/** Runs `fn` at most once per `ms` while calls keep coming, `ms` after the first of them. */
export function throttle(fn: () => void, ms: number, timers: Timers = realTimers): Scheduled {
  return schedule(fn, ms, false, timers);
}
