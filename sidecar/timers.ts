// The sidecar's monotonic time and its timers (leader election, the work
// queue's retries, the resync): one injectable source, so that tests move time
// themselves instead of sleeping.
export interface Timers {
  /** Monotonic milliseconds: only differences mean anything. */
  now(): number;
  /** Runs `callback` once after `ms`; the function returned cancels it. */
  after(ms: number, callback: () => void): () => void;
}

export const REAL_TIMERS: Timers = {
  now: () => performance.now(),
  after(ms, callback) {
    const timer = setTimeout(callback, ms);
    return () => clearTimeout(timer);
  },
};

/** Runs `callback` every `ms` until the function returned is called. */
export function every(timers: Timers, ms: number, callback: () => void): () => void {
  let cancel = (): void => undefined;
  const schedule = (): void => {
    cancel = timers.after(ms, () => {
      schedule();
      callback();
    });
  };
  schedule();
  return () => cancel();
}
