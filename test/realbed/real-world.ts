// The whole loop on real Kafka: the world of test/helpers/world.ts (stand-in
// API server, Metacontroller stand-in, the real hooks and the real sidecar),
// with its pods run as processes by the process kubelet from the Kafka that
// kafka/install.sh laid out, and the sidecar asking real brokers before it
// rolls. This process's name lookups answer the pods' names for as long.
import { execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import type { ConfigMap, KubeObject, PersistentVolumeClaim, Pod, Secret, Service } from "../../lib/api/kubernetes.js";
import { LABEL } from "../../lib/labels.js";
import { pemCertificates } from "../../lib/certificates/observed-secrets.js";
import { KAFKA_EXTRAS_IMAGE } from "../../lib/kafka-files/extra-jars.js";
import { DEFAULT_KAFKA_VERSION } from "../../lib/model/kafka-versions.js";
import { clusterCaCertSecretName } from "../../lib/names.js";
import { kafkaAvailabilityFactory } from "../../sidecar/kafka/availability.js";
import type { FakeApiServer, StoredObject } from "../helpers/fake-apiserver.js";
import { repoRoot } from "../helpers/paths.js";
import { clusterIn, exampleObjects, isReady, readiness, startHooks, type ClusterInWorld, type HooksUnderTest } from "../helpers/scenario.js";
import { NAMESPACE } from "../helpers/requests.js";
import { World } from "../helpers/world.js";
import { ProcessKubelet, type KubeletApi } from "./process-kubelet.js";

export const cacheDir = (): string =>
  process.env["KAFKA_HOOKS_CACHE"] ?? join(process.env["XDG_CACHE_HOME"] ?? join(homedir(), ".cache"), "kafka-hooks");

const installed = new Map<string, string>();

/**
 * The directory kafka/install.sh lays out (opt/kafka and shim/), installed on first use: the
 * default Kafka version's, or another `version`'s (the upgrade test's older one).
 */
export function kafkaImage(version?: string): string {
  const key = version ?? "";
  let directory = installed.get(key);
  if (directory === undefined) {
    directory = execFileSync("bash", [join(repoRoot, "test", "realbed", "kafka", "install.sh"), ...(version ? [version] : [])], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }).trim();
    installed.set(key, directory);
  }
  return directory;
}

let extras: string | undefined;

/**
 * The directory install-extras.sh lays out (opt/kafka-extras, as the kafka-extras image holds it),
 * installed on first use: only a pod with the init container needs it.
 */
export function kafkaExtrasImage(): string {
  extras ??= execFileSync("bash", [join(repoRoot, "test", "realbed", "kafka", "install-extras.sh")], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }).trim();
  return extras;
}

/** The images besides the default Kafka's that the hooks' pods name: kafka-extras, and another Kafka version's. */
function otherImages(image: string): string | undefined {
  if (image === KAFKA_EXTRAS_IMAGE) return kafkaExtrasImage();
  const version = /^apache\/kafka:(\d+\.\d+\.\d+)$/.exec(image)?.[1];
  return version !== undefined && version !== DEFAULT_KAFKA_VERSION ? kafkaImage(version) : undefined;
}

/** The kubelet's view of the stand-in API server. */
export function standInKubeletApi(server: FakeApiServer): KubeletApi {
  const stored = (pod: Pod): StoredObject | undefined => {
    const current = server.get<StoredObject>("v1", "Pod", pod.metadata?.namespace, pod.metadata?.name ?? "");
    return current && current.metadata.uid === pod.metadata?.uid ? current : undefined;
  };
  return {
    pods: () => server.list<Pod>("v1", "Pod"),
    services: () => server.list<Service>("v1", "Service"),
    claims: () => server.list<PersistentVolumeClaim>("v1", "PersistentVolumeClaim"),
    configMap: (namespace, name) => server.get<ConfigMap>("v1", "ConfigMap", namespace, name),
    secret: (namespace, name) => server.get<Secret>("v1", "Secret", namespace, name),
    claim: (namespace, name) => server.get<PersistentVolumeClaim>("v1", "PersistentVolumeClaim", namespace, name),
    writePodStatus: (pod, status) => {
      const current = stored(pod);
      if (current && JSON.stringify(current["status"]) !== JSON.stringify(status)) server.put({ ...current, status });
    },
    podTerminated: (pod) => {
      if (stored(pod)) server.remove("v1", "Pod", pod.metadata?.namespace, pod.metadata?.name ?? "");
    },
  };
}

export interface RealCluster extends Omit<ClusterInWorld, "world"> {
  world: World<ProcessKubelet>;
  kubelet: ProcessKubelet;
  /** Rounds of the loop until `done` holds; throws with `what` at the deadline. */
  until(what: string, done: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void>;
  /** Stops every pod, the sidecar and the API server; removes the pods' volumes (their logs stay until the next run). */
  stop(): Promise<void>;
}

/** A world holding an example's Kafka and pools, edited by `edit`, with its pods run for real. */
export async function startRealCluster(hooks: HooksUnderTest, example: string, edit?: (o: KubeObject) => void): Promise<RealCluster> {
  const image = kafkaImage();
  // The previous run's logs (kept for a look after a failure) go now.
  rmSync(join(cacheDir(), "runs"), { recursive: true, force: true });
  mkdirSync(join(cacheDir(), "runs"), { recursive: true });
  const stateDir = mkdtempSync(join(cacheDir(), "runs", "world-"));
  const world = await World.start<ProcessKubelet>({
    hooks: hooks.url,
    kubelet: (server) => new ProcessKubelet({
      api: standInKubeletApi(server), image, otherImage: otherImages, bindShim: join(image, "shim", "bind-shim.so"), stateDir,
      // Another bed running on this machine at the same time needs addresses of its own.
      addressBlock: Number(process.env["KAFKA_HOOKS_ADDRESS_BLOCK"] ?? "1"),
    }),
    sidecar: { options: { availability: kafkaAvailabilityFactory(), readinessTimeoutMs: 120_000 } },
    // The Entity Operator's processes (entity-operator/) are not run here: its Deployment is reported ready as the
    // in-process world reports it, so that the examples that ask for one (all of them) go Ready on their brokers.
    standInDeployments: (deployment) => deployment.metadata?.labels?.[LABEL.componentType] === "entity-operator",
  });
  const processKubelet = world.kubelet;
  const restoreLookup = processKubelet.network.installLookup();
  const objects = exampleObjects(example, NAMESPACE, edit);
  for (const o of objects) world.apply(o);
  const name = objects.find((o) => o.kind === "Kafka")?.metadata.name ?? "";
  const { world: _, ...view } = clusterIn(world as unknown as World, name, NAMESPACE, objects);
  return {
    ...view,
    world,
    kubelet: processKubelet,
    async until(what, done, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        await world.round();
        if (await done()) return;
        if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
      }
    },
    async stop() {
      await world.kubelet.stop();
      await world.stop();
      restoreLookup();
      // Pods' logs stay until the next run, for a look after a failure.
      rmSync(join(stateDir, "volumes"), { recursive: true, force: true });
    },
  };
}

/** The certificates `ca.crt` of `<cluster>-cluster-ca-cert` holds now (the current one first). */
export function clusterCaCertificates(cluster: RealCluster): string[] {
  const secret = cluster.world.get<Secret & KubeObject>("v1", "Secret", cluster.namespace, clusterCaCertSecretName(cluster.name));
  return pemCertificates(Buffer.from(secret?.data?.["ca.crt"] ?? "", "base64").toString("utf8"));
}

/** Every pod of the example's six Ready and the Kafka Ready, within five minutes. */
export const sixPodsAndKafkaReady = (cluster: RealCluster): boolean =>
  cluster.pods().length === 6 && cluster.pods().every(isReady) && readiness(cluster.kafka()) === "Ready";

/**
 * The hooks and a real cluster of `example`, both stopped when `t` ends, once
 * its six pods and the Kafka are Ready.
 */
export async function readyRealCluster(t: { teardown: (fn: () => unknown) => void }, example: string, edit?: (o: KubeObject) => void): Promise<RealCluster> {
  const hooks = await startHooks();
  t.teardown(() => hooks.close());
  const cluster = await startRealCluster(hooks, example, edit);
  t.teardown(() => cluster.stop());
  await cluster.until("six pods Ready and the Kafka Ready", () => sixPodsAndKafkaReady(cluster), 300_000);
  return cluster;
}
