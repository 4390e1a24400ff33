// Worker threads that make KafkaUsers' Secrets (user-secret-worker.ts), one
// per CPU the process may use (os.availableParallelism, which follows the
// cgroup's quota), one Secret per thread at a time, the rest queued in order.
// The event loop only hands inputs over and takes Secrets back, so key
// generation for a thousand new TLS users never holds it. A thread that dies
// fails its Secret (the batch is retried) and is replaced.
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { UserSecretInput, UserSecretResult } from "../../lib/users/user-secret.js";
import type { UserSecretJob, UserSecretReply } from "./user-secret-worker.js";

interface Queued {
  readonly job: UserSecretJob;
  resolve(result: UserSecretResult): void;
  reject(error: Error): void;
}

const WORKER_URL = new URL("./user-secret-worker.js", import.meta.url);

export class UserSecretWorkers {
  readonly #idle: Worker[] = [];
  readonly #running = new Map<Worker, Queued>();
  readonly #queue: Queued[] = [];
  #closed = false;

  constructor(readonly size: number = availableParallelism()) {
    for (let i = 0; i < size; i++) this.#idle.push(this.#spawn());
  }

  /** A UserSecretMaker (user-secrets.ts). */
  readonly make = (input: UserSecretInput, now: Date): Promise<UserSecretResult> => {
    if (this.#closed) return Promise.reject(new Error("the user Secret workers were closed"));
    return new Promise((resolve, reject) => {
      this.#queue.push({ job: { input, now: now.getTime() }, resolve, reject });
      this.#dispatch();
    });
  };

  async close(): Promise<void> {
    this.#closed = true;
    for (const queued of this.#queue.splice(0)) queued.reject(new Error("the user Secret workers were closed"));
    await Promise.all([...this.#idle, ...this.#running.keys()].map((worker) => worker.terminate()));
  }

  #dispatch(): void {
    while (this.#idle.length > 0 && this.#queue.length > 0) {
      const worker = this.#idle.pop() as Worker;
      const queued = this.#queue.shift() as Queued;
      this.#running.set(worker, queued);
      worker.ref();
      worker.postMessage(queued.job);
    }
  }

  #spawn(): Worker {
    const worker = new Worker(WORKER_URL);
    // An idle thread does not keep the process alive; a busy one does.
    worker.unref();
    worker.on("message", (reply: UserSecretReply) => {
      const queued = this.#running.get(worker);
      this.#running.delete(worker);
      worker.unref();
      this.#idle.push(worker);
      if ("error" in reply) queued?.reject(new Error(reply.error));
      else queued?.resolve(reply.result);
      this.#dispatch();
    });
    // 'error' is followed by 'exit': the thread is replaced once.
    worker.on("error", (error: Error) => this.#running.get(worker)?.reject(error));
    worker.on("exit", (code) => {
      this.#running.get(worker)?.reject(new Error(`a user Secret worker exited with code ${code}`));
      this.#running.delete(worker);
      const idle = this.#idle.indexOf(worker);
      if (idle >= 0) this.#idle.splice(idle, 1);
      if (this.#closed) return;
      this.#idle.push(this.#spawn());
      this.#dispatch();
    });
    return worker;
  }
}
