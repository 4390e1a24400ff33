// KafkaTopics whose topic the controller has but the broker the operator asks
// does not show yet (Ready means shown: docs/ARCHITECTURE.md, the Topic
// Operator). They wait here together: one Metadata request asks for all of
// them every poll, and a KafkaTopic whose topic is shown goes back to the queue
// at once, for the pass that writes its one status. A per-key doubling backoff
// (used before) made Ready up to twice the broker's lag late, and asked Kafka
// once per key and retry. A KafkaTopic waits at most the deadline, then goes
// back to the queue anyway: a topic deleted in Kafka meanwhile is never shown,
// and only a pass creates it again.
import { REAL_TIMERS, type Timers } from "../../sidecar/timers.js";

export interface MetadataWaitOptions {
  /** The names, of those given, that the broker's metadata shows. */
  shown: (topicNames: readonly string[]) => Promise<ReadonlySet<string>>;
  /** Hands a key back to the queue. */
  requeue: (key: string) => void;
  /** A poll that failed (Kafka unreachable): the next poll asks again. */
  onError: (error: unknown) => void;
  pollMs: number;
  deadlineMs: number;
  timers?: Timers;
}

interface Waiting {
  topicName: string;
  since: number;
}

export class MetadataWait {
  private readonly waiting = new Map<string, Waiting>();
  private cancelPoll: (() => void) | undefined;
  private polling: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly options: MetadataWaitOptions) {}

  private get timers(): Timers {
    return this.options.timers ?? REAL_TIMERS;
  }

  /** `key` waits until the broker shows `topicName` (a key added again waits afresh). */
  add(key: string, topicName: string): void {
    if (this.stopped) return;
    this.waiting.set(key, { topicName, since: this.timers.now() });
    this.schedule();
  }

  size(): number {
    return this.waiting.size;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.cancelPoll?.();
    this.cancelPoll = undefined;
    this.waiting.clear();
    await this.polling;
  }

  private schedule(): void {
    if (this.stopped || this.cancelPoll !== undefined || this.polling !== undefined || this.waiting.size === 0) return;
    this.cancelPoll = this.timers.after(this.options.pollMs, () => {
      this.cancelPoll = undefined;
      this.polling = this.poll().finally(() => {
        this.polling = undefined;
        this.schedule();
      });
    });
  }

  private async poll(): Promise<void> {
    const asked = [...this.waiting];
    let shown: ReadonlySet<string> = new Set();
    try {
      shown = await this.options.shown([...new Set(asked.map(([, w]) => w.topicName))]);
    } catch (error) {
      this.options.onError(error);
    }
    const now = this.timers.now();
    for (const [key, w] of asked) {
      // Added again meanwhile (its KafkaTopic changed and a pass saw it unshown): it waits on that.
      if (this.stopped || this.waiting.get(key) !== w) continue;
      if (shown.has(w.topicName) || now - w.since >= this.options.deadlineMs) {
        this.waiting.delete(key);
        this.options.requeue(key);
      }
    }
  }
}
