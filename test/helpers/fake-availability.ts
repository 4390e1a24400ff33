// A KafkaAvailabilityFactory whose answers the test sets, recording every question.
import type { AvailabilityVerdict, KafkaAvailability, KafkaAvailabilityFactory } from "../../sidecar/kafka-availability.js";

export type ClusterConnection = Parameters<KafkaAvailabilityFactory>[0];

export class FakeAvailability {
  activeControllerId: number | undefined;
  readonly brokerVerdicts = new Map<number, AvailabilityVerdict>();
  readonly controllerVerdicts = new Map<number, AvailabilityVerdict>();
  /** Why a broker cannot be removed (the partitions it hosts); brokers not here host none. */
  readonly hostedReplicas = new Map<number, string>();
  /** Unready brokers Kafka reports starting (registered, fenced, fetching metadata); others are not. */
  readonly recovering = new Set<number>();
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
}
