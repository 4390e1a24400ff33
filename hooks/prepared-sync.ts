// Runs a sync whose pure core may need new keys and certificates, doing their CPU
// work off the event loop. The core stays synchronous and deterministic; the hook
// runs it, learns what it lacks, prepares that asynchronously, and runs it again:
//
//   run 1   keys from the pool while it has them ready; a placeholder for each
//           missing key; every certificate task noted (lib/pki/x509.ts) up to the
//           first CA's own certificate (what follows it waits for the next run)
//   wait    for the missing keys (KeyPool.acquire), and issue the noted
//           certificates on the crypto workers
//   run 2   the same request, the same instant and the same random bytes (replayed),
//           so the same tasks, now found; a task that waited on a placeholder
//           (a certificate for a key still missing) is noted now
//   ...     until a run hands out no placeholder
//   later   the run that found every certificate left building the children and
//           remembering them to the hook (PreparedWork.later): one turn each
//   last    the same again, the children recalled: its answer is the answer
//
// A run that hands out a placeholder stops after the certificates stage
// (lib/sync/kafka-sync.ts). No turn holds the event loop for a whole first sync of
// a large cluster: at 100 nodes validation, certificates, the children and
// remembering them cost about as much each. Keys a run took and the answer did
// not use go back to the pool: they never left the process.
import type { Environment } from "../lib/environment.js";
import { isPending, pendingPem, type CertificateTask, type PreparedWork } from "../lib/pki/certificate-task.js";
import { afterPoll } from "./after-poll.js";
import type { CryptoWork } from "./crypto-workers.js";
import type { KeyPool } from "./key-pool.js";

export interface PreparedSyncOptions {
  keys: KeyPool;
  crypto: CryptoWork;
  /**
   * The most new keys one sync may take (Environment.newKeysPerSync), lowered within
   * a sync when the pool cannot deliver them in `keyWaitMs`: the rest come with the
   * next syncs (the answer asks for one a second later).
   */
  maxNewKeysPerSync: number;
  keyWaitMs: number;
}

// A new cluster needs five to seven runs (missing keys, each CA's certificate,
// noted certificates, the children taken for later, the answer), and a key shortfall a few more; more than
// this is a fault, not a cluster.
const MAX_RUNS = 16;

/** The random bytes of the first run, replayed to every later one, and more drawn when a run asks beyond them. */
class RandomTape {
  private recorded = Buffer.alloc(0);
  private offset = 0;

  constructor(private readonly source: (bytes: number) => Buffer) {}

  rewind(): void {
    this.offset = 0;
  }

  read(bytes: number): Buffer {
    const end = this.offset + bytes;
    if (end > this.recorded.length) this.recorded = Buffer.concat([this.recorded, this.source(end - this.recorded.length)]);
    const result = Buffer.from(this.recorded.subarray(this.offset, end));
    this.offset = end;
    return result;
  }
}

/** One sync's state across its runs. */
class SyncRuns implements PreparedWork {
  readonly tape: RandomTape;
  /** Keys in the order the core asked for them; the same order in every run. */
  private readonly keys: string[] = [];
  private keysHandedOut = 0;
  private placeholders = 0;
  private readonly issued = new Map<string, string>();
  private readonly noted = new Map<string, CertificateTask>();
  /** Labels of work this sync took for later, and the steps the last run left to do. */
  private readonly taken = new Set<string>();
  private steps: Array<() => void> = [];
  /** This run noted a CA's own certificate: what it issues comes with the next run. */
  private waitingOnCa = false;
  missingKeys = 0;

  constructor(readonly now: Date, random: (bytes: number) => Buffer, private readonly pool: KeyPool) {
    this.tape = new RandomTape(random);
  }

  get incomplete(): boolean {
    return this.waiting || this.steps.length > 0;
  }

  /** The last run handed out a placeholder: it waits for keys or certificates. */
  get waiting(): boolean {
    return this.placeholders > 0;
  }

  begin(): void {
    this.tape.rewind();
    this.keysHandedOut = 0;
    this.placeholders = 0;
    this.missingKeys = 0;
    this.noted.clear();
    this.steps = [];
    this.waitingOnCa = false;
  }

  later(label: string, steps: ReadonlyArray<() => void>): boolean {
    // Once per sync: work the next run does not find (its result too large to remember) is done in the run.
    if (this.taken.has(label)) return false;
    this.taken.add(label);
    this.steps.push(...steps);
    return true;
  }

  /** The steps the last run took for later, each in a turn of its own, so that no turn holds the event loop for all of them. */
  async doLater(): Promise<void> {
    for (const step of this.steps) {
      await afterPoll();
      step();
    }
  }

  newPrivateKey(): string {
    const index = this.keysHandedOut++;
    const known = this.keys[index] ?? this.pool.take();
    if (known !== undefined) {
      this.keys[index] = known;
      return known;
    }
    this.missingKeys++;
    return this.placeholder("PRIVATE KEY");
  }

  addKeys(keys: readonly string[]): void {
    this.keys.push(...keys);
  }

  /** Keys the last run asked for, placeholders included. */
  get keysAsked(): number {
    return this.keysHandedOut;
  }

  /** Keys taken but not handed out by the last run; all of them once a run failed. */
  unusedKeys(failed = false): string[] {
    return this.keys.slice(failed ? 0 : this.keysHandedOut);
  }

  certificate(task: CertificateTask): string {
    const issuer = task.issuer === "self-signed" ? [] : [task.issuer.certificatePem, task.issuer.privateKeyPem];
    // Waiting on a key or a CA still being prepared: noted in the run that has them.
    if (this.waitingOnCa || [task.request.privateKeyPem, ...issuer].some(isPending)) return this.placeholder("CERTIFICATE");
    // The task's own fields, in the order x509.ts writes them: equal tasks give equal keys.
    const key = JSON.stringify(task);
    const known = this.issued.get(key);
    if (known !== undefined) return known;
    this.noted.set(key, task);
    // A CA's own certificate: the stores made from it draw random bytes, which this run skips, so a task noted
    // after it would draw other serial numbers in the next run. They wait for the run that has the CA.
    if (task.issuer === "self-signed") this.waitingOnCa = true;
    return this.placeholder("CERTIFICATE");
  }

  async issueNoted(crypto: CryptoWork): Promise<void> {
    const noted = [...this.noted];
    if (noted.length === 0) return;
    const certificates = await crypto.certificates(noted.map(([, task]) => task));
    noted.forEach(([key], i) => this.issued.set(key, certificates[i] as string));
  }

  private placeholder(label: string): string {
    return pendingPem(label, this.placeholders++);
  }
}

/** The hooks server's way to run syncs that issue certificates; one per server. */
export class PreparedSyncs {
  /** The sync running now: runs are synchronous, so never two at once. */
  private current: SyncRuns | undefined;
  /**
   * The environment every run sees. Its sources stay the same functions from sync
   * to sync, as remembered results compare them (lib/sync/remembered.ts), and
   * read the current sync's state.
   */
  private readonly env: Environment;

  constructor(private readonly base: Environment, private readonly options: PreparedSyncOptions) {
    const runs = (): SyncRuns => {
      if (!this.current) throw new Error("a prepared environment was used outside a sync");
      return this.current;
    };
    this.env = {
      ...base,
      now: () => runs().now,
      random: (bytes) => runs().tape.read(bytes),
      newPrivateKey: () => runs().newPrivateKey(),
      prepared: {
        certificate: (task) => runs().certificate(task),
        later: (label, steps) => runs().later(label, steps),
        get incomplete() {
          return runs().incomplete;
        },
      },
      newKeysPerSync: options.maxNewKeysPerSync,
    };
  }

  /** `sync`'s answer, its keys and certificates prepared off the event loop. */
  async run<T>(sync: (env: Environment) => T): Promise<T> {
    const { keys, crypto } = this.options;
    const runs = new SyncRuns(this.base.now(), this.base.random, keys);
    let budget = this.options.maxNewKeysPerSync;
    // The pool gets one wait per sync; a shortfall after it lowers the budget at once.
    let waitMs = this.options.keyWaitMs;
    for (let run = 1; run <= MAX_RUNS; run++) {
      // Each run in a turn of its own: the first not after reading and checking the request, the others not after a key's or a step's callback.
      await afterPoll();
      runs.begin();
      this.current = runs;
      let answer: T;
      try {
        answer = sync(budget === this.env.newKeysPerSync ? this.env : { ...this.env, newKeysPerSync: budget });
      } catch (error) {
        // The failed answer never left the process: its keys are good as new.
        keys.giveBack(runs.unusedKeys(true));
        throw error;
      } finally {
        this.current = undefined;
      }
      if (!runs.incomplete) {
        keys.giveBack(runs.unusedKeys());
        return answer;
      }
      if (!runs.waiting) {
        // Nothing to wait for: only work taken for later, which may fail as a run does.
        try {
          await runs.doLater();
        } catch (error) {
          keys.giveBack(runs.unusedKeys(true));
          throw error;
        }
        continue;
      }
      const missing = runs.missingKeys;
      // The keys of CAs (not counted by the budget) are waited for however long they take.
      const [got] = await Promise.all([missing > 0 ? keys.acquire(missing, budget > 0 ? waitMs : Number.POSITIVE_INFINITY) : [], runs.issueNoted(crypto)]);
      if (missing > 0) waitMs = 0;
      runs.addKeys(got);
      // The budget counts what certificates take, the run asked for CAs' keys too: lowering it by the shortfall
      // from what was asked may leave a CA's key or two short, which the next run lowers again.
      if (got.length < missing) budget = Math.max(0, Math.min(budget, runs.keysAsked) - (missing - got.length));
    }
    throw new Error(`a sync still lacked keys or certificates after ${MAX_RUNS} runs`);
  }
}
