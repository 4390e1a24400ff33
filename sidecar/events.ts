// Kubernetes Events (events.k8s.io/v1), where users look first (`kubectl get
// events`, `kubectl describe`). Restarts follow Strimzi's shape (action
// `StrimziInitiatedPodRestart`, reason the pascal-cased restart reason, note the
// reason's note), so filters written for Strimzi keep working.
import { randomBytes } from "node:crypto";
import type { IObjectReference } from "kubernetes-models/v1/ObjectReference";
import type { Logger } from "pino";
import type { KubeEvent, KubeObject } from "../lib/api/kubernetes.js";
import { microTime } from "./kube/micro-time.js";

export const REPORTING_CONTROLLER = "kafka-hooks.io/sidecar";

/** Actions and reasons of the sidecar's Events. Part of the API (users filter on them): never rename or reuse one. */
export const EVENT_ACTION = {
  restartPod: "StrimziInitiatedPodRestart",
  deferRestart: "DeferPodRestart",
  /** A restart let partitions go that cannot stay in sync without the pod (replication factor at most min.insync.replicas). */
  restartUnprotected: "RestartDespiteUnprotectedPartitions",
  resizeClaim: "ResizePersistentVolumeClaim",
  refuseClaimChange: "RefusePersistentVolumeClaimChange",
  deleteClaim: "DeletePersistentVolumeClaim",
  retainClaim: "RetainPersistentVolumeClaim",
  deletePodAndClaims: "DeletePodAndPersistentVolumeClaims",
  /** Brokers a pool no longer wants were not removed: Kafka says they still host partition replicas. */
  removeBrokers: "RemoveBrokers",
  /** Options of `spec.kafka.config` altered on the running brokers instead of a restart. */
  applyRunTimeConfiguration: "ApplyRunTimeConfiguration",
} as const;

export const EVENT_REASON = {
  unprotectedPartitions: "UnprotectedPartitions",
  claimResized: "PersistentVolumeClaimResized",
  claimChangeRefused: "PersistentVolumeClaimChangeRefused",
  claimDeleted: "PersistentVolumeClaimDeleted",
  claimRetained: "PersistentVolumeClaimRetained",
  podAndClaimsDeleted: "PodAndPersistentVolumeClaimsDeleted",
  brokerRemovalRefused: "BrokerRemovalRefused",
  /** An unready broker Kafka saw starting was restarted anyway: it had been starting for longer than its budget. */
  brokerRecoveryTimeout: "BrokerRecoveryTimeout",
  /** Kafka took the run-time options: no broker restarted for them. */
  runTimeConfigurationApplied: "RunTimeConfigurationApplied",
  /** Kafka refused to alter options at run time: the brokers restart once to read them from their files. */
  runTimeConfigurationRefused: "RunTimeConfigurationRefused",
} as const;

// Kubernetes rejects notes over 1 KiB.
const MAX_NOTE_LENGTH = 1000;

export interface EventSpec {
  regarding: KubeObject;
  related?: KubeObject;
  type: "Normal" | "Warning";
  action: string;
  reason: string;
  note: string;
}

const reference = (object: KubeObject): IObjectReference => ({
  apiVersion: object.apiVersion,
  kind: object.kind,
  name: object.metadata.name,
  ...(object.metadata.namespace ? { namespace: object.metadata.namespace } : {}),
  ...(object.metadata.uid ? { uid: object.metadata.uid } : {}),
});

export function eventObject(spec: EventSpec, instance: string, now: Date): KubeEvent {
  const note = spec.note.length > MAX_NOTE_LENGTH ? `${spec.note.slice(0, MAX_NOTE_LENGTH - 3)}...` : spec.note;
  return {
    apiVersion: "events.k8s.io/v1",
    kind: "Event",
    // client-go's naming: the object's name and a unique suffix.
    metadata: { name: `${spec.regarding.metadata.name}.${now.getTime().toString(16)}${randomBytes(4).toString("hex")}`, namespace: spec.regarding.metadata.namespace ?? "default" },
    eventTime: microTime(now),
    reportingController: REPORTING_CONTROLLER,
    reportingInstance: instance,
    action: spec.action,
    reason: spec.reason,
    regarding: reference(spec.regarding),
    ...(spec.related ? { related: reference(spec.related) } : {}),
    note,
    type: spec.type,
  };
}

/** Records Events; a failure to record is logged, never a reason to stop reconciling. */
export class EventRecorder {
  constructor(
    private readonly create: (event: KubeEvent) => Promise<void>,
    private readonly instance: string,
    private readonly clock: () => Date,
    private readonly logger: Logger,
  ) {}

  async record(spec: EventSpec): Promise<void> {
    try {
      await this.create(eventObject(spec, this.instance, this.clock()));
    } catch (error) {
      this.logger.warn({ err: error, reason: spec.reason, regarding: spec.regarding.metadata.name }, "cannot record an Event");
    }
  }
}

/** A pod as an Event's subject; the cache's pods lack apiVersion and kind when listed. */
export function podReference(namespace: string, name: string, uid?: string): KubeObject {
  return { apiVersion: "v1", kind: "Pod", metadata: { name, namespace, ...(uid ? { uid } : {}) } };
}

export function claimReference(namespace: string, name: string, uid?: string): KubeObject {
  return { apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name, namespace, ...(uid ? { uid } : {}) } };
}
