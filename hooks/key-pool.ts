// Private keys generated ahead of need, off the event loop. RSA key generation is
// the slow step of issuing a certificate (~130 ms per 2048-bit key); done inside a
// sync it would hold every other hook call for seconds. The pool generates keys on
// libuv's thread pool and hands them out synchronously; if it runs dry, a key is
// generated on the spot, so a sync never waits for the pool.
import { generateKeyPair } from "node:crypto";
import { promisify } from "node:util";
import { RSA_KEY_OPTIONS, systemKeyPairSource, type KeyPairSource } from "../lib/pki/keys.js";

const generateKeyPairAsync = promisify(generateKeyPair);

/** Generates one PKCS#8 PEM key without blocking the event loop. */
export const generateKeyInBackground = async (): Promise<string> => (await generateKeyPairAsync("rsa", RSA_KEY_OPTIONS)).privateKey;

export class KeyPool {
  private readonly ready: string[] = [];
  private pending = 0;
  private onTheSpotCount = 0;

  constructor(
    private readonly size: number,
    private readonly generate: () => Promise<string> = generateKeyInBackground,
    private readonly onTheSpot: KeyPairSource = systemKeyPairSource,
  ) {}

  /** Starts generating the keys the pool lacks; resolves when those it started are ready. */
  fill(): Promise<void> {
    const jobs: Array<Promise<void>> = [];
    while (this.ready.length + this.pending < this.size) {
      this.pending++;
      jobs.push(this.generate().then(
        (key) => { this.ready.push(key); },
        // A failed background generation is retried by the next fill; take() never depends on it.
        () => undefined,
      ).finally(() => { this.pending--; }));
    }
    return Promise.all(jobs).then(() => undefined);
  }

  /** A key for a certificate, now. */
  readonly take: KeyPairSource = () => {
    const key = this.ready.shift() ?? this.generateOnTheSpot();
    void this.fill();
    return key;
  };

  get available(): number {
    return this.ready.length;
  }

  /** Keys handed out that the pool did not have ready. */
  get generatedOnTheSpot(): number {
    return this.onTheSpotCount;
  }

  private generateOnTheSpot(): string {
    this.onTheSpotCount++;
    return this.onTheSpot();
  }
}
