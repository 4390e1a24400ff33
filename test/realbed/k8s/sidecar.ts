// The unchanged sidecar against the real API server, as it runs in the
// cluster: our namespace, ServiceAccount and RBAC applied from manifests/, and
// the sidecar authenticated as that ServiceAccount (a client certificate naming
// it), so that every request it makes is authorised by its own roles, not an
// administrator's. It watches every namespace; its log goes to a file beside
// the control plane's.
import { join } from "node:path";
import { pino } from "pino";
import type { KafkaAvailabilityFactory } from "../../../sidecar/kafka-availability.js";
import { startSidecar, type Sidecar, type SidecarOptions } from "../../../sidecar/sidecar.js";
import { repoRoot } from "../../helpers/paths.js";
import { issueClientCertificate } from "./certificates.js";
import { clientKubeConfig, type RealCluster } from "./cluster.js";

/** The sidecar's namespace and ServiceAccount in manifests/. */
export const OPERATOR_NAMESPACE = "kafka-hooks";
export const SIDECAR_USER = `system:serviceaccount:${OPERATOR_NAMESPACE}:kafka-hooks`;

export interface SidecarOnServer {
  sidecar: Sidecar;
  /** Where the sidecar logs (pino JSON lines). */
  log: string;
}

/** Applies the sidecar's manifests and starts it; it is stopped when `t` ends. */
export async function startSidecarOnServer(
  t: { teardown: (fn: () => unknown) => void },
  cluster: RealCluster,
  availability: KafkaAvailabilityFactory,
  options: Partial<SidecarOptions> = {},
): Promise<SidecarOnServer> {
  for (const file of ["namespace.yaml", "service-account.yaml", "rbac.yaml"]) {
    await cluster.kubectl(["apply", "-f", join(repoRoot, "manifests", file)]);
  }
  const client = issueClientCertificate(cluster.dir, "sidecar", SIDECAR_USER);
  const kubeConfig = clientKubeConfig(cluster, client);
  const log = join(cluster.dir, "sidecar.log");
  const sidecar = await startSidecar({
    kubeConfig,
    namespaces: undefined,
    leaseNamespace: OPERATOR_NAMESPACE,
    identity: "sidecar-realbed",
    availability,
    logger: pino({ level: "debug" }, pino.destination({ dest: log, sync: true })),
    // One replica: a long lease, so that a stalled machine never ends its term; prompt retries.
    leaderElection: { leaseDurationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: 500 },
    resyncIntervalMs: 1000,
    retryBaseMs: 200,
    readinessTimeoutMs: 60_000,
    ...options,
  });
  t.teardown(() => sidecar.stop());
  return { sidecar, log };
}
