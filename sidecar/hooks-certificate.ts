// Keeps the hooks' serving certificate and its CA (lib/hooks-tls.ts) in their
// Secrets, on the leader: at once when it starts leading, then every check
// interval, sooner again after a failure. Secrets are written only when what
// they should hold differs from what they hold.
import type { Logger } from "pino";
import type { Secret } from "../lib/api/kubernetes.js";
import { HOOKS_CA_SECRET, HOOKS_TLS_SECRET, hooksTlsSecrets, type HooksService } from "../lib/hooks-tls.js";
import type { KeyPairSource } from "../lib/pki/keys.js";
import type { KubeActions } from "./kube-actions.js";

/** Hourly: the serving certificate is due 30 days before it ends, so an hour late is never late. */
export const DEFAULT_HOOKS_TLS_CHECK_INTERVAL_MS = 60 * 60 * 1000;
export const DEFAULT_HOOKS_TLS_RETRY_MS = 10_000;

export interface HooksCertificateOptions {
  actions: Pick<KubeActions, "readSecretObject" | "writeSecret">;
  service: HooksService;
  clock: () => Date;
  random: (bytes: number) => Buffer;
  keys: KeyPairSource;
  logger: Logger;
  checkIntervalMs?: number;
  retryMs?: number;
}

const sameContent = (a: Secret, b: Secret | undefined): boolean =>
  b !== undefined && a.type === b.type && JSON.stringify(a.data) === JSON.stringify(b.data ?? {});

export class HooksCertificate {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  // Each start begins a new loop; a check still in flight from an earlier one must not schedule another.
  private loop = 0;

  constructor(private readonly options: HooksCertificateOptions) {}

  /** Brings both Secrets up to date; returns what was issued. */
  async ensure(): Promise<string[]> {
    const { actions, service, clock, random, keys, logger } = this.options;
    const [ca, tls] = await Promise.all([HOOKS_CA_SECRET, HOOKS_TLS_SECRET].map((name) => actions.readSecretObject(service.namespace, name)));
    const wanted = hooksTlsSecrets({ ...(ca ? { ca } : {}), ...(tls ? { tls } : {}) }, service, { now: clock, random }, keys);
    // The CA first: a serving certificate must never be published before the CA that signed it.
    if (!sameContent(wanted.ca, ca)) await actions.writeSecret(wanted.ca, ca);
    if (!sameContent(wanted.tls, tls)) await actions.writeSecret(wanted.tls, tls);
    if (wanted.issued.length > 0) logger.info({ issued: wanted.issued, secret: `${service.namespace}/${HOOKS_TLS_SECRET}` }, "hooks' serving certificate issued");
    return wanted.issued;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.run(++this.loop);
  }

  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async run(loop: number): Promise<void> {
    let delay = this.options.checkIntervalMs ?? DEFAULT_HOOKS_TLS_CHECK_INTERVAL_MS;
    try {
      await this.ensure();
    } catch (error) {
      this.options.logger.error({ err: error }, "cannot keep the hooks' serving certificate; trying again");
      delay = this.options.retryMs ?? DEFAULT_HOOKS_TLS_RETRY_MS;
    }
    if (this.running && loop === this.loop) this.timer = setTimeout(() => void this.run(loop), delay);
  }
}
