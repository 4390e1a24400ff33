// A few worker threads (crypto-worker.ts) for the CPU work of issuing: RSA key
// generation (~130 ms a key) and certificates (~1-3 ms each, a hundred for a new
// 100-node cluster). One thread per CPU the process may use; certificates a sync
// waits for go before keys the pool makes ahead. node:worker_threads directly:
// a queue and a respawn are a few lines, less than a pool library's surface.
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { CertificateTask } from "../lib/pki/certificate-task.js";
import type { CryptoJob, CryptoReply, CryptoRequest } from "./crypto-worker.js";

/** What the hooks ask of the crypto threads; a stand-in in tests that must make them fail. */
export interface CryptoWork {
  /** A new RSA private key, PKCS#8 PEM. */
  rsaKey(): Promise<string>;
  /** The certificates of these tasks, in order (lib/pki/x509.ts certificateOf). */
  certificates(tasks: readonly CertificateTask[]): Promise<string[]>;
}

interface Queued {
  job: CryptoJob;
  resolve: (result: string | string[]) => void;
  reject: (error: Error) => void;
}

interface Thread {
  worker: Worker;
  running?: { id: number; queued: Queued };
}

const WORKER_URL = new URL("./crypto-worker.js", import.meta.url);

export class CryptoWorkers implements CryptoWork {
  private readonly threads: Thread[] = [];
  /** Certificates a sync waits for. */
  private readonly urgent: Queued[] = [];
  /** Keys made ahead. */
  private readonly background: Queued[] = [];
  private nextId = 0;
  private closed = false;

  constructor(readonly size: number = availableParallelism()) {
    for (let i = 0; i < size; i++) this.threads.push(this.spawn());
  }

  rsaKey(): Promise<string> {
    return this.submit({ op: "rsa-key" }, this.background) as Promise<string>;
  }

  /** Split over the threads, so a hundred certificates take a hundredth of the time per thread. */
  async certificates(tasks: readonly CertificateTask[]): Promise<string[]> {
    const share = Math.ceil(tasks.length / this.size);
    const parts: Array<Promise<string[]>> = [];
    for (let start = 0; start < tasks.length; start += share) {
      parts.push(this.submit({ op: "certificates", tasks: tasks.slice(start, start + share) }, this.urgent) as Promise<string[]>);
    }
    return (await Promise.all(parts)).flat();
  }

  async close(): Promise<void> {
    this.closed = true;
    const stopped = new Error("the crypto workers were closed");
    for (const queued of [...this.urgent.splice(0), ...this.background.splice(0)]) queued.reject(stopped);
    await Promise.all(this.threads.map((thread) => thread.worker.terminate()));
  }

  private submit(job: CryptoJob, queue: Queued[]): Promise<string | string[]> {
    if (this.closed) return Promise.reject(new Error("the crypto workers were closed"));
    return new Promise((resolve, reject) => {
      queue.push({ job, resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    for (const thread of this.threads) {
      if (thread.running) continue;
      const queued = this.urgent.shift() ?? this.background.shift();
      if (!queued) return;
      const id = this.nextId++;
      thread.running = { id, queued };
      thread.worker.ref();
      thread.worker.postMessage({ id, job: queued.job } satisfies CryptoRequest);
    }
  }

  private spawn(): Thread {
    const thread: Thread = { worker: new Worker(WORKER_URL) };
    // An idle thread does not keep the process alive (tests, a server that closes); a busy one does.
    thread.worker.unref();
    thread.worker.on("message", (reply: CryptoReply) => {
      const running = thread.running;
      if (running?.id !== reply.id) return;
      thread.running = undefined;
      thread.worker.unref();
      if ("error" in reply) running.queued.reject(new Error(reply.error));
      else running.queued.resolve(reply.result);
      this.dispatch();
    });
    // A thread that dies fails its job, which fails its sync (non-200, retried), and is replaced.
    const replace = (error: Error): void => {
      const index = this.threads.indexOf(thread);
      if (index < 0) return;
      thread.running?.queued.reject(error);
      thread.running = undefined;
      if (this.closed) return;
      this.threads[index] = this.spawn();
      this.dispatch();
    };
    thread.worker.on("error", replace);
    thread.worker.on("exit", (code) => replace(new Error(`a crypto worker exited with code ${code}`)));
    return thread;
  }
}
