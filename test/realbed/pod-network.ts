// Pod addresses and names for pods run as processes. Every pod shares the host's
// network namespace on its own loopback address (127.1.x.y by default, kept by the pod's
// namespace/name across restarts); the bind shim (pod/bind-shim.c) makes its
// wildcard binds bind that address. Names are what cluster DNS would answer:
// `<hostname>.<subdomain>.<ns>.svc[.cluster.local]` for pods, and
// `<service>.<ns>.svc[.cluster.local]` for Services, resolving to the ready pods
// their selector matches (every matching pod for a headless Service that
// publishes not-ready addresses). JVMs read them from a hosts file named by
// -Djdk.net.hosts.file; Node clients in the test process through installLookup.
import dns from "node:dns";
import { renameSync, writeFileSync } from "node:fs";
import type { Pod, Service } from "../../lib/api/kubernetes.js";

const CLUSTER_DOMAIN = "cluster.local";

export class PodNetwork {
  private readonly addresses = new Map<string, string>();
  private table = new Map<string, string[]>();
  private written = "";

  /**
   * `hostsFile`: rewritten (atomically) whenever the names change. `block`: the
   * second octet of the pods' addresses, so that two beds running on one
   * machine at once never hand out the same address.
   */
  constructor(readonly hostsFile: string, private readonly block = 1) {}

  /** The pod's address: the same for every pod of that namespace and name. */
  addressOf(namespace: string, name: string): string {
    const key = `${namespace}/${name}`;
    let address = this.addresses.get(key);
    if (!address) {
      const n = this.addresses.size + 1;
      if (n > 250 * 250) throw new Error("no loopback address left for pods");
      address = `127.${this.block}.${Math.floor(n / 250)}.${(n % 250) + 1}`;
      this.addresses.set(key, address);
    }
    return address;
  }

  /** Recomputes the names from the pods running (with their readiness) and the Services. */
  update(pods: ReadonlyArray<{ pod: Pod; address: string; ready: boolean }>, services: readonly Service[]): void {
    const table = new Map<string, string[]>();
    const add = (name: string, address: string): void => {
      for (const n of [name, `${name}.${CLUSTER_DOMAIN}`]) {
        const list = table.get(n) ?? [];
        if (!list.includes(address)) list.push(address);
        table.set(n, list);
      }
    };
    for (const { pod, address } of pods) {
      const namespace = pod.metadata?.namespace ?? "";
      const hostname = pod.spec?.hostname ?? pod.metadata?.name ?? "";
      // getLocalHost() resolves the pod's own hostname.
      table.set(hostname, [address]);
      if (pod.spec?.subdomain) add(`${hostname}.${pod.spec.subdomain}.${namespace}.svc`, address);
    }
    for (const service of services) {
      const namespace = service.metadata?.namespace ?? "";
      const selector = service.spec?.selector;
      if (!selector || Object.keys(selector).length === 0) continue;
      const headless = service.spec?.clusterIP === "None";
      const matching = pods.filter(({ pod }) => pod.metadata?.namespace === namespace
        && Object.entries(selector).every(([k, v]) => pod.metadata?.labels?.[k] === v));
      const serving = matching.filter((p) => p.ready || (headless && service.spec?.publishNotReadyAddresses === true));
      for (const { address } of serving) add(`${service.metadata?.name ?? ""}.${namespace}.svc`, address);
    }
    this.table = table;
    const lines = ["127.0.0.1 localhost", ...[...table.entries()].sort(([a], [b]) => a.localeCompare(b))
      .flatMap(([name, list]) => list.map((address) => `${address} ${name}`))];
    const text = `${lines.join("\n")}\n`;
    if (text === this.written) return;
    // Replaced whole: a JVM reading it meanwhile sees the old names or the new ones.
    writeFileSync(`${this.hostsFile}.new`, text, { mode: 0o644 });
    renameSync(`${this.hostsFile}.new`, this.hostsFile);
    this.written = text;
  }

  /** The addresses of a name, as the pods' DNS would answer. */
  resolve(name: string): readonly string[] | undefined {
    return this.table.get(name.replace(/\.$/, ""));
  }

  /**
   * Makes this process's name lookups (net and tls connections: Kafka clients,
   * the sidecar's Kafka client) answer the pods' names; other names go to the
   * system resolver. Returns the function that undoes it.
   */
  installLookup(): () => void {
    const system = dns.lookup;
    const network = this;
    const lookup = function (hostname: string, options: unknown, callback?: unknown): void {
      const done = (typeof options === "function" ? options : callback) as (...args: unknown[]) => void;
      const opts = (typeof options === "object" && options !== null ? options : typeof options === "number" ? { family: options } : {}) as dns.LookupOptions;
      const found = network.resolve(hostname);
      if (!found) {
        (system as (h: string, o: dns.LookupOptions, c: (...args: unknown[]) => void) => void)(hostname, opts, done);
        return;
      }
      if (found.length === 0) {
        process.nextTick(done, Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND", hostname }));
        return;
      }
      if (opts.all) process.nextTick(done, null, found.map((address) => ({ address, family: 4 })));
      else process.nextTick(done, null, found[0], 4);
    };
    dns.lookup = lookup as typeof dns.lookup;
    return () => { dns.lookup = system; };
  }
}
