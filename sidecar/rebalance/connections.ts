// One Cruise Control client per Kafka cluster, from the cluster's Secrets (the
// cluster CA certificates to trust, the rebalance operator's password), as
// Strimzi builds its client on every reconcile. Here the Secrets are read again
// only once they are older than `maxAgeMs` or a call has failed, so a pass over
// many KafkaRebalances of one cluster reads them once; a renewed CA or a new
// password reaches the client within that age.
import { createHash } from "node:crypto";
import type { KubeObject } from "../../lib/api/kubernetes.js";
import { clusterCaCertSecretName } from "../../lib/names.js";
import {
  cruiseControlApiSecretName, cruiseControlName, CRUISE_CONTROL_API_PORT, REBALANCE_OPERATOR_PASSWORD_KEY, REBALANCE_OPERATOR_USER,
} from "../../lib/operands/cruise-control/names.js";
import type { RebalanceFailure } from "../../lib/rebalance/answers.js";
import type { ClusterKey } from "../cluster-cache.js";
import { REAL_TIMERS, type Timers } from "../timers.js";
import { CruiseControlClient, type CruiseControlAddress } from "./cruise-control-client.js";

export type SecretReader = (namespace: string, name: string) => Promise<Record<string, string> | undefined>;

export const DEFAULT_SECRETS_MAX_AGE_MS = 30_000;

/** `<cluster>-cruise-control.<namespace>.svc`, port 9090: Strimzi's qualifiedServiceName. */
export const cruiseControlAddress = (cluster: ClusterKey): CruiseControlAddress =>
  ({ host: `${cruiseControlName(cluster.name)}.${cluster.namespace}.svc`, port: CRUISE_CONTROL_API_PORT });

export type Connection = { client: CruiseControlClient; endpoint: string } | { problem: RebalanceFailure };

interface Cached {
  readAt: number;
  fingerprint: string;
  connection: Connection;
}

export interface ConnectionsOptions {
  readSecret: SecretReader;
  /** Where a cluster's Cruise Control answers; its Service by default. */
  address?: (cluster: ClusterKey) => CruiseControlAddress;
  maxAgeMs?: number;
  requestTimeoutMs?: number;
  timers?: Timers;
}

/** `webserver.ssl.enable` and `webserver.security.enable` of `spec.cruiseControl.config`: both on unless set false. */
function switches(kafka: KubeObject): { tls: boolean; auth: boolean } {
  const config = ((kafka.spec as { cruiseControl?: { config?: Record<string, unknown> } } | undefined)?.cruiseControl?.config) ?? {};
  const off = (key: string): boolean => String(config[key]) === "false";
  return { tls: !off("webserver.ssl.enable"), auth: !off("webserver.security.enable") };
}

const missingSecret = (namespace: string, name: string): RebalanceFailure =>
  ({ reason: "RuntimeException", message: `Secret ${namespace}/${name} does not exist` });

export class CruiseControlConnections {
  private readonly cached = new Map<string, Cached>();
  private readonly timers: Timers;

  constructor(private readonly options: ConnectionsOptions) {
    this.timers = options.timers ?? REAL_TIMERS;
  }

  async forCluster(cluster: ClusterKey, kafka: KubeObject): Promise<Connection> {
    const key = `${cluster.namespace}/${cluster.name}`;
    const cached = this.cached.get(key);
    const { tls, auth } = switches(kafka);
    if (cached && this.timers.now() - cached.readAt < (this.options.maxAgeMs ?? DEFAULT_SECRETS_MAX_AGE_MS) && cached.fingerprint.startsWith(`${tls}/${auth}/`)) {
      return cached.connection;
    }
    const caName = clusterCaCertSecretName(cluster.name);
    const apiName = cruiseControlApiSecretName(cluster.name);
    const [ca, api] = await Promise.all([this.options.readSecret(cluster.namespace, caName), this.options.readSecret(cluster.namespace, apiName)]);
    const certificates = ca && Object.entries(ca).filter(([k]) => k.endsWith(".crt")).sort(([a], [b]) => a.localeCompare(b)).map(([, v]) => v).join("\n");
    const password = api?.[REBALANCE_OPERATOR_PASSWORD_KEY];
    // The fingerprint holds a hash, never the password.
    const fingerprint = `${tls}/${auth}/${createHash("sha256").update(`${certificates}\n${password}`).digest("hex")}`;
    if (cached?.fingerprint === fingerprint) {
      cached.readAt = this.timers.now();
      return cached.connection;
    }
    if (cached && "client" in cached.connection) cached.connection.client.close();
    const problem = ca === undefined ? missingSecret(cluster.namespace, caName)
      : api === undefined ? missingSecret(cluster.namespace, apiName)
        // Strimzi would send the password "null"; saying which key is missing is more use.
        : auth && password === undefined ? { reason: "RuntimeException", message: `Secret ${cluster.namespace}/${apiName} has no key ${REBALANCE_OPERATOR_PASSWORD_KEY}` }
          : undefined;
    const connection = this.connect(cluster, problem, { tls, auth, certificates, password });
    this.cached.set(key, { readAt: this.timers.now(), fingerprint, connection });
    return connection;
  }

  /** After a failed call: the next one reads the Secrets again. */
  forget(cluster: ClusterKey): void {
    const key = `${cluster.namespace}/${cluster.name}`;
    const cached = this.cached.get(key);
    if (cached && "client" in cached.connection) cached.connection.client.close();
    this.cached.delete(key);
  }

  closeAll(): void {
    for (const { connection } of this.cached.values()) if ("client" in connection) connection.client.close();
    this.cached.clear();
  }

  private connect(cluster: ClusterKey, problem: RebalanceFailure | undefined, material: { tls: boolean; auth: boolean; certificates: string | undefined; password: string | undefined }): Connection {
    if (problem) return { problem };
    const service = cruiseControlAddress(cluster);
    const address = this.options.address?.(cluster) ?? service;
    const client = new CruiseControlClient({
      address,
      trustedCertificates: material.tls ? material.certificates ?? "" : undefined,
      credentials: material.auth && material.password !== undefined ? { user: REBALANCE_OPERATOR_USER, password: material.password } : undefined,
      ...(this.options.requestTimeoutMs !== undefined ? { timeoutMs: this.options.requestTimeoutMs } : {}),
      timers: this.timers,
    });
    return { client, endpoint: `${service.host}:${service.port}` };
  }
}
