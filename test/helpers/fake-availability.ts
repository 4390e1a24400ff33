// A KafkaAvailabilityFactory whose answers the test sets, recording every question.
// The brokers' run-time options follow Kafka's precedence (DynamicBrokerConfig: the
// broker's own override, then the cluster default, then server.properties, then
// Kafka's default) and its refusal of per-broker options at the cluster level.
import type { AvailabilityVerdict, KafkaAvailability, KafkaAvailabilityFactory } from "../../sidecar/kafka-availability.js";
import { DYNAMIC_BROKER_OPTIONS } from "../../lib/config/dynamic-options.js";
import type { ConfigOperation, ReportedOption } from "../../lib/roller/run-time-update.js";
import type { QuotaKey, Quotas } from "../../lib/model/client-quotas.js";

const describeOperations = (operations: readonly ConfigOperation[]): string =>
  operations.map((o) => (o.op === "SET" ? `${o.name}=${o.value ?? ""}` : `-${o.name}`)).join(",");

export type ClusterConnection = Parameters<KafkaAvailabilityFactory>[0];

/** A broker of a cluster, as staticConfigs knows it. */
export const brokerKey = (namespace: string, cluster: string, nodeId: number): string => `${namespace}/${cluster}/${nodeId}`;

export class FakeAvailability {
  activeControllerId: number | undefined;
  readonly brokerVerdicts = new Map<number, AvailabilityVerdict>();
  readonly controllerVerdicts = new Map<number, AvailabilityVerdict>();
  /** Why a broker cannot be removed (the partitions it hosts); brokers not here host none. */
  readonly hostedReplicas = new Map<number, string>();
  /** Unready brokers Kafka reports starting (registered, fenced, fetching metadata); others are not. */
  readonly recovering = new Set<number>();
  /** Brokers Kafka has registered and unfenced. */
  readonly unfenced = new Set<number>();
  /** Each broker's rack, as Kafka's Metadata would report it. */
  readonly racks = new Map<number, string>();
  /** `broker <id>`, `brokers <id>,<id>`, `remove <id>,<id>`, `racks`, `controller <id>`, `startup <id>`, `active`, `update <level>[ downgrade]`, in the order asked. */
  readonly questions: string[] = [];
  readonly connections: ClusterConnection[] = [];
  /** Kafka's finalized metadata.version level; Kafka cannot be asked while undefined. */
  metadataLevel: number | undefined;
  /** Why Kafka refuses a metadata.version update; it accepts while undefined. */
  metadataUpdateRefusal: string | undefined;
  closed = 0;
  /** Each broker's server.properties as it started, for the options Kafka updates at run time, by brokerKey (several clusters share a world). */
  readonly staticConfigs = new Map<string, ReadonlyMap<string, string>>();
  /** Overrides on each broker's own resource. */
  readonly brokerOverrides = new Map<number, Map<string, string>>();
  /** Overrides on the cluster's default resource. */
  readonly clusterDefaults = new Map<string, string>();
  /** Kafka's default user quotas. */
  readonly defaultUserQuotas = new Map<QuotaKey, number>();
  /** Options Kafka refuses to alter, with its message (a value its validation rejects). */
  readonly refusedOptions = new Map<string, string>();
  /** Brokers that cannot be reached for their configuration. */
  readonly unreachable = new Set<number>();
  /** Brokers that take the question about their configuration and do not answer it until answerStalled(). */
  readonly stalled = new Set<number>();
  private stalledQuestions: Array<() => void> = [];

  constructor(activeControllerId?: number) {
    this.activeControllerId = activeControllerId;
  }

  readonly factory: KafkaAvailabilityFactory = (cluster) => {
    this.connections.push(cluster);
    const client: KafkaAvailability = {
      canRestartBroker: async (nodeId) => {
        this.questions.push(`broker ${nodeId}`);
        return this.brokerVerdicts.get(nodeId) ?? { ok: true };
      },
      // A group may go when each of its brokers may (the stand-in knows no partitions).
      canRestartBrokers: async (nodeIds) => {
        this.questions.push(`brokers ${nodeIds.join(",")}`);
        return nodeIds.map((id) => this.brokerVerdicts.get(id)).find((v) => v !== undefined && !v.ok) ?? { ok: true };
      },
      canRemoveBrokers: async (nodeIds) => {
        this.questions.push(`remove ${nodeIds.join(",")}`);
        const hosting = nodeIds.flatMap((id) => this.hostedReplicas.get(id) ?? []);
        return hosting.length === 0 ? { ok: true } : { ok: false, reason: hosting.join("; ") };
      },
      brokerRacks: async () => {
        this.questions.push("racks");
        return this.racks;
      },
      canRestartController: async (nodeId) => {
        this.questions.push(`controller ${nodeId}`);
        return this.controllerVerdicts.get(nodeId) ?? { ok: true };
      },
      brokerStartup: async (nodeId) => {
        this.questions.push(`startup ${nodeId}`);
        return this.recovering.has(nodeId)
          ? { recovering: true, evidence: `Kafka has broker ${nodeId} registered and fenced, and it fetches the cluster metadata: it is recovering its logs` }
          : { recovering: false, evidence: `Kafka has no registration of broker ${nodeId}: it has not reached the controller` };
      },
      brokerConfigs: async (nodeId) => {
        this.questions.push(`configs ${nodeId}`);
        if (this.unreachable.has(nodeId)) throw new Error(`cannot connect to broker ${nodeId}`);
        if (this.stalled.has(nodeId)) await new Promise<void>((_, reject) => this.stalledQuestions.push(() => reject(new Error(`broker ${nodeId}: Request timed out`))));
        return this.reported(brokerKey(cluster.namespace, cluster.name, nodeId), nodeId);
      },
      alterBrokerConfigs: async (target, operations) => {
        this.questions.push(`alter ${target} ${describeOperations(operations)}`);
        if (target !== "cluster" && this.unreachable.has(target)) throw new Error(`cannot connect to broker ${target}`);
        const perBroker = operations.filter((o) => DYNAMIC_BROKER_OPTIONS.get(o.name) === "per-broker").map((o) => o.name);
        if (target === "cluster" && perBroker.length > 0) {
          return { refused: `INVALID_REQUEST: Cannot update these configs at default cluster level, broker id must be specified: ${perBroker.join(", ")}` };
        }
        const refused = operations.filter((o) => o.op === "SET" && this.refusedOptions.has(o.name)).map((o) => this.refusedOptions.get(o.name));
        if (refused.length > 0) return { refused: `INVALID_REQUEST: ${refused.join("; ")}` };
        const overrides = target === "cluster" ? this.clusterDefaults : this.overridesOf(target);
        for (const o of operations) {
          if (o.op === "SET") overrides.set(o.name, o.value ?? "");
          else overrides.delete(o.name);
        }
        return {};
      },
      // Read on every pass of auto-rebalancing: not a question worth recording.
      unfencedBrokers: async () => {
        if (this.metadataLevel === undefined) throw new Error("Cannot connect to any broker");
        return new Set(this.unfenced);
      },
      defaultUserQuotas: async () => {
        this.questions.push("default user quotas");
        return Object.fromEntries(this.defaultUserQuotas) as Quotas;
      },
      alterDefaultUserQuotas: async (change) => {
        const entries = Object.entries(change) as Array<[QuotaKey, number | null]>;
        this.questions.push(`alter default user quotas ${entries.map(([key, value]) => (value === null ? `-${key}` : `${key}=${value}`)).join(",")}`);
        for (const [key, value] of entries) {
          if (value === null) this.defaultUserQuotas.delete(key);
          else this.defaultUserQuotas.set(key, value);
        }
      },
      activeController: async () => {
        this.questions.push("active");
        return this.activeControllerId;
      },
      // Read on every pass of the sidecar: not a question worth recording.
      finalizedMetadataLevel: async () => {
        if (this.metadataLevel === undefined) throw new Error("Cannot connect to any broker");
        return this.metadataLevel;
      },
      updateMetadataLevel: async (level, downgrade) => {
        this.questions.push(`update ${level}${downgrade ? " downgrade" : ""}`);
        if (this.metadataUpdateRefusal !== undefined) throw new Error(this.metadataUpdateRefusal);
        this.metadataLevel = level;
      },
      close: async () => {
        this.closed++;
      },
    };
    return client;
  };

  private overridesOf(nodeId: number): Map<string, string> {
    const known = this.brokerOverrides.get(nodeId);
    if (known) return known;
    const made = new Map<string, string>();
    this.brokerOverrides.set(nodeId, made);
    return made;
  }

  /** Ends every stalled question as the client's request timeout would. */
  answerStalled(): void {
    const waiting = this.stalledQuestions;
    this.stalledQuestions = [];
    for (const answer of waiting) answer();
  }

  /** What Kafka reports for each run-time option of the broker's own resource, by precedence. */
  reported(key: string, nodeId: number): Map<string, ReportedOption> {
    const own = this.brokerOverrides.get(nodeId);
    const file = this.staticConfigs.get(key);
    return new Map([...DYNAMIC_BROKER_OPTIONS.keys()].map((name): [string, ReportedOption] => {
      const value = own?.get(name);
      if (value !== undefined) return [name, { value, source: "dynamic-broker" }];
      const cluster = this.clusterDefaults.get(name);
      if (cluster !== undefined) return [name, { value: cluster, source: "dynamic-default-broker" }];
      const started = file?.get(name);
      return [name, started !== undefined ? { value: started, source: "static" } : { value: null, source: "default" }];
    }));
  }
}
