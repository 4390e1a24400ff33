// One reconcile of a batch of KafkaUsers: their Secrets in Kubernetes, then
// their SCRAM credentials, ACLs and quotas in Kafka, each kind in one request
// for the whole batch, then each user's status. Kafka is read once per batch
// (every ACL, user quota and SCRAM user), so a thousand users cost a handful of
// requests, not thousands.
//
// Ownership: the operator touches in Kafka only the names of KafkaUsers it has
// reconciled (both forms, `CN=<name>` and `<name>`, as Strimzi), recorded in
// the ownership record before Kafka is changed; a recorded name whose
// KafkaUser is gone has its ACLs, quotas and SCRAM credentials deleted and then
// leaves the record. Every other principal is foreign and left alone, unless
// `sweepUnowned` asks for Strimzi's behaviour (every principal without a
// KafkaUser is deleted, but those matching the ignored-users pattern).
import { createHash } from "node:crypto";
import type { KafkaUser, KafkaUserStatus } from "../../lib/api/kafka-user.js";
import type { Condition, Secret } from "../../lib/api/kubernetes.js";
import { validateKafkaUser } from "../../lib/api/validate.js";
import { isReconciliationPaused } from "../../lib/labels.js";
import { RECONCILIATION_PAUSED, REASON } from "../../lib/reasons.js";
import { condition } from "../../lib/status/conditions.js";
import { aclChanges, desiredAcls, userPrincipal, type AclBinding } from "../../lib/users/acls.js";
import { kafkaUserName, kafkaUserOfName, otherKafkaUserName, tlsUserName, userSecretName } from "../../lib/users/principal.js";
import { desiredQuotas, quotaChanges, type QuotaChanges, type Quotas } from "../../lib/model/client-quotas.js";
import { USER_SECRET_KEY, type UserSecretInput, type UserSecretSettings } from "../../lib/users/user-secret.js";
import { kafkaUserProblems, passwordSecretProblem } from "../../lib/users/validation.js";
import type { ScramCredential } from "../../sidecar/kafka/user-requests.js";
import { sameSecret } from "./same-secret.js";
import type { ScramSalter } from "./scram.js";
import type { UserSecretMaker } from "./user-secrets.js";

/** The Kubernetes side, one namespace (STRIMZI_NAMESPACE). */
export interface UserKubernetes {
  /** The KafkaUser as stored (unvalidated), or undefined when there is none (or it is being deleted and has no finalizer). */
  kafkaUser(name: string): Promise<unknown>;
  secret(namespace: string, name: string): Promise<Secret | undefined>;
  /** Creates the Secret (`observed` undefined) or replaces the observed one's labels, annotations, owner references and data. */
  applySecret(secret: Secret, observed: Secret | undefined): Promise<void>;
  deleteSecret(namespace: string, name: string): Promise<void>;
  /** Replaces the KafkaUser's status (a conflict means a newer KafkaUser, which is reconciled again). */
  writeStatus(user: { metadata: { name: string; namespace?: string; resourceVersion?: string } }, status: KafkaUserStatus): Promise<void>;
}

/** The Kafka side: sidecar/kafka/client.ts's User Operator requests. */
export interface UserKafka {
  describeAcls(principal: string | null): Promise<AclBinding[]>;
  createAcls(bindings: readonly AclBinding[]): Promise<void>;
  deleteAcls(bindings: readonly AclBinding[]): Promise<void>;
  describeUserQuotas(): Promise<Map<string, Quotas>>;
  alterUserQuotas(changes: ReadonlyMap<string, QuotaChanges>): Promise<void>;
  describeScramUsers(): Promise<string[]>;
  alterScramCredentials(upsertions: readonly ScramCredential[], deletions: readonly string[]): Promise<void>;
}

/** Which KafkaUser names the operator manages in Kafka; survives restarts and the KafkaUsers' deletion. */
export interface OwnershipRecord {
  owned(): Promise<Set<string>>;
  /** Replaces the record. */
  save(names: ReadonlySet<string>): Promise<void>;
}

export interface UserOperatorSettings {
  readonly namespace: string;
  readonly caNamespace: string;
  /** STRIMZI_CA_CERT_NAME and STRIMZI_CA_KEY_NAME. */
  readonly caCertSecretName: string;
  readonly caKeySecretName: string;
  readonly secret: UserSecretSettings;
  readonly aclsAdminApiSupported: boolean;
  /** Strimzi's sweep: delete every principal in Kafka without a KafkaUser (but the ignored ones). */
  readonly sweepUnowned: boolean;
  /** STRIMZI_IGNORED_USERS_PATTERN: never deleted by the sweep. */
  readonly ignoredUsers: RegExp | undefined;
}

export interface UserOperatorDeps {
  readonly kubernetes: UserKubernetes;
  readonly kafka: UserKafka;
  readonly ownership: OwnershipRecord;
  readonly now: () => Date;
  /** The user Secret, made off the event loop (user-secret-workers.ts) in the process. */
  readonly userSecret: UserSecretMaker;
  readonly scram: ScramSalter;
  /** Runs a step of the batch, timing it; untimed when absent. */
  readonly timed?: <T>(step: BatchStep, work: () => Promise<T>) => Promise<T>;
}

/** A batch's names: Ready, deleted or paused, against NotReady. */
export interface BatchOutcome {
  readonly succeeded: number;
  readonly failed: number;
}

/** The steps of a batch, timed for the operator's metrics. */
export type BatchStep = "secrets" | "kafka_read" | "kafka_write" | "statuses";

/** `<cluster>-clients-ca-cert` and `<cluster>-clients-ca`, as read. */
type ClientsCaSecrets = [Secret | undefined, Secret | undefined];

/** What one user's reconcile decided before Kafka is asked. */
interface Planned {
  readonly name: string;
  readonly user: KafkaUser;
  readonly raw: { metadata: { name: string; namespace?: string; resourceVersion?: string; generation?: number } };
  readonly secret: Secret | undefined;
  /** The SCRAM password the Secret holds, for scram-sha-512 users. */
  readonly password: string | undefined;
}

export class UserReconciler {
  /** Hashes of the SCRAM passwords this process set, so an unchanged password is not salted and sent again. */
  readonly #scramSet = new Map<string, string>();

  constructor(private readonly settings: UserOperatorSettings, private readonly deps: UserOperatorDeps) {}

  /**
   * Reconciles the named KafkaUsers (present or deleted) and, with `sweep`,
   * every owned name without a KafkaUser. Throws when Kafka or Kubernetes
   * failed the batch; otherwise says how many names ended Ready (or deleted,
   * or paused) and how many NotReady (invalid, or the clients CA missing).
   */
  async reconcile(names: readonly string[], sweep = false): Promise<BatchOutcome> {
    const timed = this.deps.timed ?? ((_step, work) => work());
    const owned = await this.deps.ownership.owned();
    const planned: Planned[] = [];
    const gone = new Set<string>();
    // Read once per batch, and only for a batch with TLS users.
    let clientsCaRead: Promise<ClientsCaSecrets> | undefined;
    const clientsCa = (): Promise<ClientsCaSecrets> => (clientsCaRead ??= Promise.all([
      this.deps.kubernetes.secret(this.settings.caNamespace, this.settings.caCertSecretName),
      this.deps.kubernetes.secret(this.settings.caNamespace, this.settings.caKeySecretName),
    ]));
    let failed = 0;
    await timed("secrets", () => eachWithConcurrency(names, PLANNING_CONCURRENCY, async (name) => {
      const raw = await this.deps.kubernetes.kafkaUser(name);
      if (raw === undefined) {
        gone.add(name);
        return;
      }
      const plan = await this.plan(name, raw, clientsCa);
      if (plan === "failed") failed++;
      else if (plan !== "paused") planned.push(plan);
    }));

    const [acls, quotas, scramUsers] = await timed("kafka_read", () => Promise.all([this.deps.kafka.describeAcls(null), this.deps.kafka.describeUserQuotas(), this.deps.kafka.describeScramUsers()]));
    if (sweep) for (const name of owned) if (!names.includes(name) && (await this.deps.kubernetes.kafkaUser(name)) === undefined) gone.add(name);
    const deleted = new Set([...gone].filter((name) => owned.has(name)));
    if (this.settings.sweepUnowned && sweep) for (const name of this.unownedPrincipals(acls, quotas, scramUsers)) if ((await this.deps.kubernetes.kafkaUser(name)) === undefined) deleted.add(name);

    // Adopted before Kafka changes: a crash after the change still finds the name recorded.
    const record = new Set(owned);
    for (const p of planned) record.add(p.name);
    if (record.size !== owned.size) await this.deps.ownership.save(record);

    try {
      await timed("kafka_write", () => this.applyToKafka(planned, deleted, acls, quotas, scramUsers));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await eachWithConcurrency(planned, PLANNING_CONCURRENCY, (p) => this.writeFailure(p.raw, p.user, REASON.kafkaUpdateFailed, message));
      throw error;
    }
    for (const name of deleted) record.delete(name);
    if (deleted.size > 0) await this.deps.ownership.save(record);
    await timed("statuses", () => eachWithConcurrency(planned, PLANNING_CONCURRENCY, (p) => this.writeReady(p.raw, p.user, p.secret)));
    return { succeeded: names.length - failed, failed };
  }

  /** Validates, writes the Secret; a user that is invalid or paused gets its status here and nothing else. */
  private async plan(name: string, raw: unknown, clientsCa: () => Promise<ClientsCaSecrets>): Promise<Planned | "paused" | "failed"> {
    const stored = raw as Planned["raw"] & { status?: KafkaUserStatus };
    const validated = validateKafkaUser(raw);
    if (!validated.ok) {
      await this.writeFailure(stored, undefined, REASON.invalidResource, validated.problems.map((p) => `${p.path}: ${p.message}`).join("; "));
      return "failed";
    }
    const user = validated.value;
    if (isReconciliationPaused(user)) {
      await this.deps.kubernetes.writeStatus(stored, this.status(user, [condition(RECONCILIATION_PAUSED, undefined, undefined, this.deps.now(), user.status?.conditions)], undefined));
      return "paused";
    }
    const problems = kafkaUserProblems(user, { aclsAdminApiSupported: this.settings.aclsAdminApiSupported });
    if (problems.length > 0) {
      await this.writeFailure(stored, user, REASON.invalidResource, problems.map((p) => `${p.path}: ${p.message}`).join("; "));
      return "failed";
    }
    const secretName = userSecretName(this.settings.secret.secretPrefix, name);
    const [observed, [clientsCaCert, clientsCaKey]] = await Promise.all([
      this.deps.kubernetes.secret(this.settings.namespace, secretName),
      user.spec.authentication?.type === "tls" ? clientsCa() : [undefined, undefined],
    ]);
    const provided = await this.providedPassword(user);
    if (provided.problem !== undefined) {
      await this.writeFailure(stored, user, REASON.invalidResource, provided.problem);
      return "failed";
    }
    const input: UserSecretInput = { user, observed, clientsCaCert, clientsCaKey, providedPassword: provided.password, settings: this.settings.secret };
    const result = await this.deps.userSecret(input, this.deps.now());
    if (!result.ok) {
      await this.writeFailure(stored, user, REASON.certificateAuthorityMissing, result.message);
      return "failed";
    }
    if (result.secret && !sameSecret(result.secret, observed)) await this.deps.kubernetes.applySecret(result.secret, observed);
    // tls-external and users without authentication have no Secret (Strimzi deletes one left from another type).
    if (!result.secret && observed && ownedBy(observed, user)) await this.deps.kubernetes.deleteSecret(this.settings.namespace, secretName);
    const password = result.secret?.data?.[USER_SECRET_KEY.password];
    return { name, user, raw: stored, secret: result.secret, password: password === undefined ? undefined : Buffer.from(password, "base64").toString("utf8") };
  }

  private async providedPassword(user: KafkaUser): Promise<{ password?: string; problem?: string }> {
    const auth = user.spec.authentication;
    const ref = auth?.type === "scram-sha-512" ? auth.password?.valueFrom.secretKeyRef : undefined;
    if (ref?.name === undefined || ref.key === undefined) return {};
    const secret = await this.deps.kubernetes.secret(this.settings.namespace, ref.name);
    const value = secret?.data?.[ref.key];
    if (!value) return { problem: passwordSecretProblem(ref.name, ref.key) };
    return { password: Buffer.from(value, "base64").toString("utf8") };
  }

  private async applyToKafka(planned: readonly Planned[], deleted: ReadonlySet<string>, acls: AclBinding[], quotas: Map<string, Quotas>, scramUsers: string[]): Promise<void> {
    // Indexed once: a batch looks up two names per user among every ACL in Kafka (thousands).
    const byPrincipal = new Map<string, AclBinding[]>();
    for (const b of acls) {
      const list = byPrincipal.get(b.principal);
      if (list) list.push(b);
      else byPrincipal.set(b.principal, [b]);
    }
    const aclsOf = (userName: string): AclBinding[] => byPrincipal.get(userPrincipal(userName)) ?? [];
    const create: AclBinding[] = [];
    const remove: AclBinding[] = [];
    const quotaChangesByUser = new Map<string, QuotaChanges>();
    // Salted off the event loop (scram.ts), all of the batch at once.
    const upsertions: Array<Promise<ScramCredential>> = [];
    const scramDeletions: string[] = [];
    const scram = new Set(scramUsers);

    for (const p of planned) {
      const active = kafkaUserName(p.user);
      const other = otherKafkaUserName(p.user);
      const changes = aclChanges(desiredAcls(p.user, active), aclsOf(active));
      create.push(...changes.create);
      remove.push(...changes.delete, ...aclsOf(other));
      quotaChangesByUser.set(active, quotaChanges(desiredQuotas(p.user), quotas.get(active) ?? {}));
      quotaChangesByUser.set(other, quotaChanges({}, quotas.get(other) ?? {}));
      if (p.password !== undefined) {
        const hash = saltedScramCredentialKey(p.password);
        if (!scram.has(p.name) || this.#scramSet.get(p.name) !== hash) {
          upsertions.push(this.deps.scram(p.name, p.password));
          this.#scramSet.set(p.name, hash);
        }
      } else if (scram.has(p.name)) {
        scramDeletions.push(p.name);
      }
    }
    for (const name of deleted) {
      for (const userName of [name, tlsUserName(name)]) {
        remove.push(...aclsOf(userName));
        quotaChangesByUser.set(userName, quotaChanges({}, quotas.get(userName) ?? {}));
      }
      if (scram.has(name)) scramDeletions.push(name);
      this.#scramSet.delete(name);
    }
    await this.deps.kafka.deleteAcls(remove);
    await this.deps.kafka.createAcls(create);
    await this.deps.kafka.alterUserQuotas(quotaChangesByUser);
    await this.deps.kafka.alterScramCredentials(await Promise.all(upsertions), scramDeletions);
  }

  /** Names of principals in Kafka (ACLs, user quotas, SCRAM) but the ignored ones: the sweep's candidates. */
  private unownedPrincipals(acls: readonly AclBinding[], quotas: ReadonlyMap<string, Quotas>, scramUsers: readonly string[]): Set<string> {
    const userNames = [
      ...acls.flatMap((b) => (b.principal.startsWith("User:") ? [b.principal.slice("User:".length)] : [])),
      ...quotas.keys(),
      ...scramUsers,
    ];
    return new Set(userNames.map(kafkaUserOfName).filter((name) => !this.settings.ignoredUsers?.test(name)));
  }

  private status(user: KafkaUser, conditions: Condition[], secret: Secret | undefined): KafkaUserStatus {
    return {
      conditions,
      observedGeneration: user.metadata.generation ?? 0,
      username: kafkaUserName(user),
      ...(secret?.metadata?.name !== undefined && { secret: secret.metadata.name }),
    };
  }

  private async writeReady(raw: Planned["raw"], user: KafkaUser, secret: Secret | undefined): Promise<void> {
    const ready = condition("Ready", undefined, undefined, this.deps.now(), user.status?.conditions);
    const status = this.status(user, [ready], secret);
    if (JSON.stringify(status) !== JSON.stringify(user.status)) await this.deps.kubernetes.writeStatus(raw, status);
  }

  private async writeFailure(raw: Planned["raw"] & { status?: KafkaUserStatus }, user: KafkaUser | undefined, reason: string, message: string): Promise<void> {
    const previous = user?.status?.conditions ?? raw.status?.conditions;
    const notReady = condition("Ready", reason, message, this.deps.now(), previous, "False");
    const status: KafkaUserStatus = user
      ? { ...this.status(user, [notReady], undefined) }
      : { conditions: [notReady], observedGeneration: raw.metadata.generation ?? 0 };
    if (JSON.stringify(status) !== JSON.stringify(user?.status ?? raw.status)) await this.deps.kubernetes.writeStatus(raw, status);
  }
}

// Users planned (and their statuses written) at once: each waits for its Secret from the worker threads, which queue
// what they cannot start yet, or for the API server, whose latency (not the operator's CPU) bounds SCRAM users.
const PLANNING_CONCURRENCY = 16;

async function eachWithConcurrency<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

const ownedBy = (secret: Secret, user: KafkaUser): boolean =>
  (secret.metadata?.ownerReferences ?? []).some((o) => o.kind === "KafkaUser" && o.name === user.metadata.name);

/** What identifies a password set by this process, without keeping the password itself. */
function saltedScramCredentialKey(password: string): string {
  return createHash("sha256").update(password).digest("hex");
}
