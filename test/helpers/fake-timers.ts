// Time the test moves: the sidecar's Timers with a clock that stands still
// until advance(), which runs every timer that falls due, in order, letting
// promises settle before each.
import type { Timers } from "../../sidecar/timers.js";

interface Pending {
  at: number;
  order: number;
  callback: () => void;
}

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class FakeTimers implements Timers {
  private time = 0;
  private order = 0;
  private readonly pending = new Set<Pending>();

  now(): number {
    return this.time;
  }

  after(ms: number, callback: () => void): () => void {
    const entry = { at: this.time + Math.max(0, ms), order: this.order++, callback };
    this.pending.add(entry);
    return () => this.pending.delete(entry);
  }

  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    for (;;) {
      await settle();
      const [next] = [...this.pending].filter((p) => p.at <= end).sort((a, b) => a.at - b.at || a.order - b.order);
      if (!next) break;
      this.pending.delete(next);
      this.time = next.at;
      next.callback();
    }
    this.time = end;
    await settle();
  }
}
