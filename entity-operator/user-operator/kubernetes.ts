// The User Operator's Kubernetes side: KafkaUsers and user Secrets from
// informers (one namespace, STRIMZI_NAMESPACE), other Secrets (the clients CA,
// users' password Secrets) read when needed, user Secrets and statuses written,
// and the ownership record kept in a Secret of its own.
import type { KafkaUserStatus } from "../../lib/api/kafka-user.js";
import type { Secret } from "../../lib/api/kubernetes.js";
import { LABEL } from "../../lib/labels.js";
import { USER_OPERATOR_NAME } from "../../lib/users/user-secret.js";
import { KubeObjects, tolerate } from "../../sidecar/kube-actions.js";
import type { KubeConfig } from "../../sidecar/kube/config.js";
import { KubeHttp } from "../../sidecar/kube/http.js";
import { Informer } from "../../sidecar/kube/informer.js";
import { resourcePath } from "../../sidecar/kube/paths.js";
import type { OwnershipRecord, UserKubernetes } from "./reconciler.js";

const KAFKA_USERS = { group: "kafka.strimzi.io", version: "v1", plural: "kafkausers" } as const;
const SECRETS = { group: "", version: "v1", plural: "secrets" } as const;
/** User Secrets carry it (lib/users/user-secret.ts); Strimzi's User Operator watches Secrets by it too. */
export const USER_SECRET_SELECTOR = `${LABEL.kind}=KafkaUser`;

export interface UserInformers {
  readonly users: Informer;
  readonly secrets: Informer;
  /** Ends the informers' idle connections. */
  close(): void;
}

export function userInformers(kc: KubeConfig, namespace: string, labelSelector: string): UserInformers {
  // The two lists at start; the watches have connections of their own.
  const http = new KubeHttp(kc, 2);
  const users = new Informer(http, { path: resourcePath(KAFKA_USERS, namespace), labelSelector });
  const secrets = new Informer(http, { path: resourcePath(SECRETS, namespace), labelSelector: USER_SECRET_SELECTOR });
  return { users, secrets, close: () => http.close() };
}

// As many as the reconciler writes at once (reconciler.ts, PLANNING_CONCURRENCY).
const WRITE_CONNECTIONS = 16;

export class KubeUserSide implements UserKubernetes {
  /** Secret reads and writes and status writes, three a new user, over keep-alive connections (sidecar/kube/http.ts). */
  readonly #http: KubeHttp;

  constructor(kc: KubeConfig, private readonly namespace: string, private readonly informers: UserInformers) {
    this.#http = new KubeHttp(kc, WRITE_CONNECTIONS);
  }

  async kafkaUser(name: string): Promise<unknown> {
    const user = this.informers.users.get(name, this.namespace);
    // Strimzi's KafkaUsers have no finalizer; one being deleted (someone else's finalizer) is gone for Kafka.
    return user?.metadata?.deletionTimestamp ? undefined : structuredClone(user);
  }

  async secret(namespace: string, name: string): Promise<Secret | undefined> {
    const cached = namespace === this.namespace ? this.informers.secrets.get(name, namespace) : undefined;
    if (cached) return structuredClone(cached) as Secret;
    // Not watched: a new user's (404), the clients CA's, a password Secret, one without the KafkaUser label.
    const reply = await this.#http.send("GET", `${this.#secrets(namespace)}/${encodeURIComponent(name)}`);
    if (reply.status === 404) return undefined;
    if (reply.status >= 300) throw new Error(`Secret ${namespace}/${name}: ${reply.status} ${reply.body}`);
    return JSON.parse(reply.body) as Secret;
  }

  async applySecret(secret: Secret, observed: Secret | undefined): Promise<void> {
    const namespace = secret.metadata?.namespace ?? this.namespace;
    const name = secret.metadata?.name ?? "";
    // Replaced whole, with the version read: labels and annotations are Strimzi's and the template's, nothing else.
    // A conflict (created or changed meanwhile) fails the batch, which reads it again. The answer is not read: its
    // metadata alone spares the event loop reading and decrypting the keystore and keys again (10 KB a TLS user).
    const reply = observed === undefined
      ? await this.#http.send("POST", this.#secrets(namespace), secret, { metadataOnly: true })
      : await this.#http.send("PUT", `${this.#secrets(namespace)}/${encodeURIComponent(name)}`, { ...secret, metadata: { ...secret.metadata, resourceVersion: observed.metadata?.resourceVersion } }, { metadataOnly: true });
    if (reply.status >= 300) throw new Error(`Secret ${namespace}/${name}: ${reply.status} ${reply.body}`);
  }

  #secrets(namespace: string): string {
    return resourcePath(SECRETS, namespace);
  }

  async deleteSecret(namespace: string, name: string): Promise<void> {
    await tolerate(new KubeObjects(this.#http).delete(SECRETS, namespace, name), [404]);
  }

  async writeStatus(user: { metadata: { name: string; namespace?: string; resourceVersion?: string } }, status: KafkaUserStatus): Promise<void> {
    const namespace = user.metadata.namespace ?? this.namespace;
    const reply = await this.#http.send("PUT", `${resourcePath(KAFKA_USERS, namespace, user.metadata.name)}/status`, { ...user, status }, { metadataOnly: true });
    // As Strimzi: a conflict means the KafkaUser changed meanwhile; its change reconciles it again.
    if (reply.status >= 300 && reply.status !== 409 && reply.status !== 404) throw new Error(`status of KafkaUser ${namespace}/${user.metadata.name}: ${reply.status} ${reply.body}`);
  }

  close(): void {
    this.#http.close();
  }
}

/** The record's Secret: `<cluster>-entity-user-operator-owned-users`, key `users`, the names as a sorted JSON array. */
export const ownershipSecretName = (cluster: string): string => `${cluster}-entity-user-operator-owned-users`;
const OWNED_KEY = "users";

/**
 * The ownership record in a Secret of the watched namespace (the Entity
 * Operator's Role grants Secrets there): it outlives the KafkaUsers it names,
 * so a user deleted while the operator was down is still cleaned up.
 */
export class SecretOwnershipRecord implements OwnershipRecord {
  readonly #http: KubeHttp;
  readonly #objects: KubeObjects;
  #resourceVersion: string | undefined;

  constructor(kc: KubeConfig, private readonly namespace: string, private readonly cluster: string) {
    this.#http = new KubeHttp(kc, 1);
    this.#objects = new KubeObjects(this.#http);
  }

  async owned(): Promise<Set<string>> {
    const secret = await tolerate(this.#objects.read<Secret>(SECRETS, this.namespace, ownershipSecretName(this.cluster)), [404]);
    if (typeof secret === "number") {
      this.#resourceVersion = undefined;
      return new Set();
    }
    this.#resourceVersion = secret.metadata?.resourceVersion;
    const names: unknown = JSON.parse(Buffer.from(secret.data?.[OWNED_KEY] ?? "W10=", "base64").toString("utf8"));
    return new Set(Array.isArray(names) ? names.filter((n): n is string => typeof n === "string") : []);
  }

  async save(names: ReadonlySet<string>): Promise<void> {
    const name = ownershipSecretName(this.cluster);
    const body: Secret = {
      apiVersion: "v1",
      kind: "Secret",
      metadata: {
        name,
        namespace: this.namespace,
        labels: { [LABEL.cluster]: this.cluster, [LABEL.appManagedBy]: USER_OPERATOR_NAME },
        ...(this.#resourceVersion !== undefined && { resourceVersion: this.#resourceVersion }),
      },
      type: "Opaque",
      data: { [OWNED_KEY]: Buffer.from(JSON.stringify([...names].sort())).toString("base64") },
    };
    // A stale version fails (409) and the batch is retried after reading the record again: no name is lost.
    const written = this.#resourceVersion === undefined
      ? await this.#objects.create(SECRETS, body)
      : await this.#objects.replace(SECRETS, this.namespace, name, body);
    this.#resourceVersion = written.metadata?.resourceVersion;
  }

  close(): void {
    this.#http.close();
  }
}
