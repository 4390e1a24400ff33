// Kafka Connect against a real Kafka: Strimzi's connect/kafka-connect.yaml
// (two workers, small heaps) beside kafka/kafka-single-node.yaml. The
// KafkaConnect controller's answer is applied as Metacontroller would apply it,
// the PodSet hook makes the workers' pods, and the process kubelet runs them on
// apache/kafka's layout: our start script, the kafka-extras init container that
// brings Strimzi's Kubernetes config provider, the projected token, and the
// worker configuration as rendered, whose trusted certificates the provider
// reads from the stand-in API server through the Role's Secret (TLS to 9093).
// The REST API answers, lists the FileStream plugins (installed as an image
// with that plugin has them), and a FileStreamSource connector created through
// REST moves the lines of a file (a ConfigMap volume of the pod template) into
// a topic, read back from Kafka.
import t from "tap";
import type { KubeObject, Pod } from "../../lib/api/kubernetes.js";
import type { KafkaConnect } from "../../lib/api/kafka-connect.js";
import { exampleObjects, isReady, readiness, startHooks } from "../helpers/scenario.js";
import { NAMESPACE } from "../helpers/requests.js";
import { consume, createTopic, type Endpoint } from "./clients.js";
import { smallJvms } from "./resources.js";
import { startRealCluster } from "./real-world.js";

const TOPIC = "connect-lines";
const LINES = Array.from({ length: 20 }, (_, i) => `line-${i}`);

async function getJson(url: string, init?: RequestInit): Promise<{ status: number; body: unknown } | undefined> {
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) as unknown : undefined };
  } catch {
    return undefined;
  }
}

t.test("connect/kafka-connect.yaml: two workers over TLS, the REST API, the plugins, and a file source connector moving lines into a topic", async (t) => {
  const hooks = await startHooks();
  t.teardown(() => hooks.close());
  const cluster = await startRealCluster(hooks, "kafka/kafka-single-node.yaml", smallJvms);
  t.teardown(() => cluster.stop());
  const { world, namespace } = cluster;
  await cluster.until("the node and the Kafka Ready", () => cluster.pods().length === 1 && cluster.pods().every(isReady) && readiness(cluster.kafka()) === "Ready", 300_000);

  // What every namespace has on a real cluster: the API server's CA, which the token volume projects.
  world.apply({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "kube-root-ca.crt", namespace }, data: { "ca.crt": "stand-in" } });
  world.apply({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "connect-input", namespace }, data: { "lines.txt": `${LINES.join("\n")}\n` } });
  const [connect] = exampleObjects("connect/kafka-connect.yaml", NAMESPACE, (o) => {
    const spec = (o as unknown as KafkaConnect).spec;
    // The process kubelet's names are what cluster DNS answers, without a pod's search path for short names.
    spec.bootstrapServers = `my-cluster-kafka-bootstrap.${NAMESPACE}.svc:9093`;
    spec.replicas = 2;
    spec.jvmOptions = { "-Xms": "128m", "-Xmx": "256m", "-XX": { TieredStopAtLevel: "1", UseSerialGC: "true" } };
    spec.readinessProbe = { initialDelaySeconds: 5, periodSeconds: 3 };
    spec.livenessProbe = { initialDelaySeconds: 120, periodSeconds: 10 };
    spec.template = {
      pod: { volumes: [{ name: "input", configMap: { name: "connect-input" } }] },
      // The stand-in API server speaks plain HTTP on loopback, not the in-cluster HTTPS the fabric8 client assumes.
      connectContainer: { env: [{ name: "KUBERNETES_MASTER", value: world.server.url }], volumeMounts: [{ name: "input", mountPath: "/opt/kafka/input" }] },
    };
  }, ["KafkaConnect"]);
  if (!connect) throw new Error("no KafkaConnect in connect/kafka-connect.yaml");
  world.apply(connect);
  const workers = (): Pod[] => world.list<KubeObject>("Pod", namespace).filter((p) => p.metadata.labels?.["strimzi.io/kind"] === "KafkaConnect") as unknown as Pod[];
  const connectReadiness = () => readiness(world.get<KubeObject>("kafka.strimzi.io/v1", "KafkaConnect", namespace, "my-connect-cluster"));
  try {
    await cluster.until("two workers Ready and the KafkaConnect Ready", () => workers().length === 2 && workers().every(isReady) && connectReadiness() === "Ready", 400_000);
  } catch (error) {
    // What the workers and the KafkaConnect say, for a look after a failure.
    t.comment(JSON.stringify({ workers: workers().map((p) => p.status), connect: world.get<KubeObject>("kafka.strimzi.io/v1", "KafkaConnect", namespace, "my-connect-cluster")?.["status"] }));
    throw error;
  }

  const ip = workers()[0]?.status?.podIP ?? "";
  const rest = `http://${ip}:8083`;
  const root = await getJson(`${rest}/`);
  t.equal(root?.status, 200, "the REST API answers");
  t.match(root?.body, { version: "4.3.1" });
  const plugins = await getJson(`${rest}/connector-plugins`);
  const classes = (plugins?.body as Array<{ class: string }> | undefined)?.map((p) => p.class) ?? [];
  t.ok(classes.includes("org.apache.kafka.connect.file.FileStreamSourceConnector"), `the FileStream source is listed: ${classes.join(", ")}`);
  t.ok(classes.includes("org.apache.kafka.connect.mirror.MirrorSourceConnector"), "MirrorMaker 2's connectors come with apache/kafka");

  const endpoint: Endpoint = { bootstrap: `my-cluster-kafka-bootstrap.${namespace}.svc:9092` };
  await createTopic(endpoint, TOPIC, 1, 1);
  const created = await getJson(`${rest}/connectors`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name: "lines", config: { "connector.class": "org.apache.kafka.connect.file.FileStreamSourceConnector", "tasks.max": "1", file: "/opt/kafka/input/lines.txt", topic: TOPIC } }),
  });
  t.equal(created?.status, 201, JSON.stringify(created?.body));
  const received = await consume(endpoint, TOPIC, LINES.length, 120_000);
  // The JSON converter with schemas, Strimzi's default: each line is a JSON string.
  t.same([...new Set(received)].map((v) => JSON.parse(v) as { payload: string }).map((v) => v.payload), LINES);
});
