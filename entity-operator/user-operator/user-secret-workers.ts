// Worker threads that make KafkaUsers' Secrets and salt their SCRAM passwords
// (user-secret-worker.ts), one per CPU the process may use
// (os.availableParallelism, which follows the cgroup's quota), one job per
// thread at a time, the rest queued in order. The event loop only hands inputs
// over and takes results back, so key generation for a thousand new TLS users
// and the salting of a thousand SCRAM passwords never hold it, and at the
// threads' lowest priority they do not take its CPUs. A thread that dies fails
// its job (the batch is retried) and is replaced.
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { UserSecretInput, UserSecretResult } from "../../lib/users/user-secret.js";
import type { ScramSalter } from "./scram.js";
import type { UserSecretJob, UserSecretReply } from "./user-secret-worker.js";

interface Queued {
  readonly job: UserSecretJob;
  settle(reply: UserSecretReply): void;
  reject(error: Error): void;
}

const WORKER_URL = new URL("./user-secret-worker.js", import.meta.url);

const asBuffer = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

export class UserSecretWorkers {
  readonly #idle: Worker[] = [];
  readonly #running = new Map<Worker, Queued>();
  readonly #queue: Queued[] = [];
  #closed = false;

  constructor(readonly size: number = availableParallelism()) {
    for (let i = 0; i < size; i++) this.#idle.push(this.#spawn());
  }

  /** A UserSecretMaker (user-secrets.ts). */
  readonly make = (input: UserSecretInput, now: Date): Promise<UserSecretResult> =>
    this.#run({ kind: "secret", input, now: now.getTime() }, (reply) => ("secret" in reply ? reply.secret : undefined));

  /** A ScramSalter (scram.ts) with `iterations`. */
  salting(iterations: number): ScramSalter {
    return (user, password) => this.#run({ kind: "scram", user, password, iterations }, (reply) => ("scram" in reply
      ? { user, iterations, salt: asBuffer(reply.scram.salt), saltedPassword: asBuffer(reply.scram.saltedPassword) }
      : undefined));
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const queued of this.#queue.splice(0)) queued.reject(new Error("the user Secret workers were closed"));
    await Promise.all([...this.#idle, ...this.#running.keys()].map((worker) => worker.terminate()));
  }

  /** Queues `job`; `result` takes its value from the thread's reply (undefined: not a reply to this kind of job). */
  #run<T>(job: UserSecretJob, result: (reply: UserSecretReply) => T | undefined): Promise<T> {
    if (this.#closed) return Promise.reject(new Error("the user Secret workers were closed"));
    return new Promise((resolve, reject) => {
      const settle = (reply: UserSecretReply): void => {
        if ("error" in reply) return reject(new Error(reply.error));
        const value = result(reply);
        if (value === undefined) reject(new Error(`a user Secret worker answered a ${job.kind} job with ${Object.keys(reply).join()}`));
        else resolve(value);
      };
      this.#queue.push({ job, settle, reject });
      this.#dispatch();
    });
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
      queued?.settle(reply);
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
