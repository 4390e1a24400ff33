// A kubelet (and scheduler) stand-in for tests, acting on the stand-in API
// server's pods once per tick:
// - a pod whose PersistentVolumeClaim does not exist stays Pending and
//   unschedulable, and one whose ConfigMap or Secret volume is missing stays
//   Pending (ContainerCreating), as on a real node;
// - otherwise it starts: what it mounts is read then and kept for its life
//   (Kafka reads its PEM certificates and truststore at start; the kubelet
//   refreshing the mounted files does not reach a running broker);
// - each claim stands for a volume: the first pod to start on it formats it with
//   the cluster id of its start script (`kafka-storage.sh format --cluster-id …
//   --ignore-formatted`); a later pod whose cluster id differs crash-loops, as
//   Kafka refuses a log directory whose meta.properties names another cluster;
// - a started pod becomes Ready `readyAfterTicks` ticks later, unless it crash-loops
//   or the test says it never does.
// Statuses are written only when they change, so a quiet cluster stays quiet.
import type { Pod, Volume } from "../../lib/api/kubernetes.js";
import { CA_CERT_KEY } from "../../lib/certificates/certificate-authorities.js";
import { CLUSTER_CA_MOUNT, CONFIG_MOUNT, NODE_CERTS_MOUNT, START_SCRIPT_KEY } from "../../lib/kafka-files/paths.js";
import type { FakeApiServer, StoredObject } from "./fake-apiserver.js";

export interface KubeletOptions {
  /** Ticks between a pod's start and its readiness; 1 when omitted. */
  readyAfterTicks?: number;
  /** Pods that start but never become ready. */
  neverReady?: (pod: Pod) => boolean;
}

/** What a pod started with: kept for its life. */
export interface StartedPod {
  namespace: string;
  name: string;
  uid: string;
  /** `ca.crt` of the cluster CA Secret it mounts, as it was at start: the CA certificates it trusts. */
  trustedCaPem: string;
  /** `<pod>.crt` of its node Secret at start: the certificate it serves. */
  certificatePem: string;
  /** The cluster id of its start script. */
  clusterId: string | undefined;
  /** Why Kafka exits at start, when it does. */
  refusal: string | undefined;
  startedAt: number;
}

type Secretish = StoredObject & { data?: Record<string, string> };

const mountedVolume = (pod: Pod, path: string): Volume | undefined => {
  const mount = (pod.spec?.containers ?? []).flatMap((c) => c.volumeMounts ?? []).find((m) => m.mountPath === path);
  return mount ? pod.spec?.volumes?.find((v) => v.name === mount.name) : undefined;
};

export class KubeletStandIn {
  private ticks = 0;
  private readonly started = new Map<string, StartedPod>();
  /** The volume behind each claim (by the claim's uid): the cluster id it was formatted with. */
  readonly volumes = new Map<string, { claim: string; clusterId: string }>();

  constructor(private readonly server: FakeApiServer, private readonly options: KubeletOptions = {}) {}

  private secret(namespace: string, name: string | undefined): Secretish | undefined {
    return name ? this.server.get<Secretish>("v1", "Secret", namespace, name) : undefined;
  }

  private secretText(namespace: string, volume: Volume | undefined, key: string): string {
    const value = this.secret(namespace, volume?.secret?.secretName)?.data?.[key];
    return value ? Buffer.from(value, "base64").toString("utf8") : "";
  }

  /** Why the pod cannot start yet, if it cannot. */
  private waiting(pod: Pod, namespace: string): { scheduled: boolean; message: string } | undefined {
    for (const volume of pod.spec?.volumes ?? []) {
      const claim = volume.persistentVolumeClaim?.claimName;
      if (claim && !this.server.get("v1", "PersistentVolumeClaim", namespace, claim)) {
        return { scheduled: false, message: `persistentvolumeclaim "${claim}" not found` };
      }
      const configMap = volume.configMap;
      if (configMap?.name && !configMap.optional && !this.server.get("v1", "ConfigMap", namespace, configMap.name)) {
        return { scheduled: true, message: `MountVolume.SetUp failed for volume "${volume.name}": configmap "${configMap.name}" not found` };
      }
      const secret = volume.secret;
      if (secret?.secretName && !secret.optional && !this.secret(namespace, secret.secretName)) {
        return { scheduled: true, message: `MountVolume.SetUp failed for volume "${volume.name}": secret "${secret.secretName}" not found` };
      }
    }
    return undefined;
  }

  private start(pod: Pod, namespace: string, name: string, uid: string): StartedPod {
    const config = mountedVolume(pod, CONFIG_MOUNT)?.configMap?.name;
    const script = config ? this.server.get<StoredObject & { data?: Record<string, string> }>("v1", "ConfigMap", namespace, config)?.data?.[START_SCRIPT_KEY] : undefined;
    const clusterId = script ? /--cluster-id '?([^' \n]+)'?/.exec(script)?.[1] : undefined;
    let refusal: string | undefined;
    for (const volume of pod.spec?.volumes ?? []) {
      const claimName = volume.persistentVolumeClaim?.claimName;
      const claimUid = claimName ? this.server.get("v1", "PersistentVolumeClaim", namespace, claimName)?.metadata.uid : undefined;
      if (!claimName || !claimUid || clusterId === undefined) continue;
      const formatted = this.volumes.get(claimUid);
      if (!formatted) this.volumes.set(claimUid, { claim: claimName, clusterId });
      else if (formatted.clusterId !== clusterId) {
        refusal ??= `Invalid cluster.id in the log directory on ${claimName}: expected ${clusterId}, but read ${formatted.clusterId}`;
      }
    }
    const started: StartedPod = {
      namespace, name, uid, clusterId, refusal, startedAt: this.ticks,
      trustedCaPem: this.secretText(namespace, mountedVolume(pod, CLUSTER_CA_MOUNT), CA_CERT_KEY),
      certificatePem: this.secretText(namespace, mountedVolume(pod, NODE_CERTS_MOUNT), `${name}.crt`),
    };
    this.started.set(uid, started);
    return started;
  }

  tick(): void {
    this.ticks++;
    for (const stored of this.server.list<StoredObject>("v1", "Pod")) {
      const pod = stored as unknown as Pod;
      const { namespace, name, uid } = stored.metadata;
      if (!namespace || !uid || stored.metadata.deletionTimestamp) continue;
      let status: object;
      const known = this.started.get(uid);
      const waiting = known ? undefined : this.waiting(pod, namespace);
      if (waiting) {
        status = waiting.scheduled
          ? { phase: "Pending", conditions: [{ type: "PodScheduled", status: "True" }, { type: "Ready", status: "False" }], containerStatuses: [{ name: "kafka", ready: false, restartCount: 0, state: { waiting: { reason: "ContainerCreating", message: waiting.message } } }] }
          : { phase: "Pending", conditions: [{ type: "PodScheduled", status: "False", reason: "Unschedulable", message: waiting.message }] };
      } else {
        const started = known ?? this.start(pod, namespace, name, uid);
        const ready = !started.refusal && this.ticks - started.startedAt >= (this.options.readyAfterTicks ?? 1) && !this.options.neverReady?.(pod);
        status = started.refusal
          ? { phase: "Running", conditions: [{ type: "Ready", status: "False" }], containerStatuses: [{ name: "kafka", ready: false, restartCount: 1, state: { waiting: { reason: "CrashLoopBackOff", message: started.refusal } } }] }
          : { phase: "Running", conditions: [{ type: "Ready", status: ready ? "True" : "False" }] };
      }
      if (JSON.stringify(stored["status"]) !== JSON.stringify(status)) this.server.put({ ...stored, status });
    }
  }

  /** Pods running now (started, not being deleted), with what each started with. */
  running(): StartedPod[] {
    const live = new Set(this.server.list<StoredObject>("v1", "Pod").filter((p) => !p.metadata.deletionTimestamp).map((p) => p.metadata.uid));
    return [...this.started.values()].filter((s) => live.has(s.uid)).sort((a, b) => a.name.localeCompare(b.name));
  }

  /** What the pod now under that name started with. */
  startedPod(namespace: string, name: string): StartedPod | undefined {
    const uid = this.server.get("v1", "Pod", namespace, name)?.metadata.uid;
    return uid ? this.started.get(uid) : undefined;
  }
}
