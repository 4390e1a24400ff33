// A KafkaAvailabilityFactory whose answers the test sets, recording every question.
import type { AvailabilityVerdict, KafkaAvailability, KafkaAvailabilityFactory } from "../../sidecar/kafka-availability.js";

export type ClusterConnection = Parameters<KafkaAvailabilityFactory>[0];

export class FakeAvailability {
  activeControllerId: number | undefined;
  readonly brokerVerdicts = new Map<number, AvailabilityVerdict>();
  readonly controllerVerdicts = new Map<number, AvailabilityVerdict>();
  /** `broker <id>`, `controller <id>`, `active`, in the order asked. */
  readonly questions: string[] = [];
  readonly connections: ClusterConnection[] = [];
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
      canRestartController: async (nodeId) => {
        this.questions.push(`controller ${nodeId}`);
        return this.controllerVerdicts.get(nodeId) ?? { ok: true };
      },
      activeController: async () => {
        this.questions.push("active");
        return this.activeControllerId;
      },
      close: async () => {
        this.closed++;
      },
    };
    return client;
  };
}
