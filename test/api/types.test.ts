// The types the hooks read are the schemas' (Static<>): a resource the schema
// accepts is a value of its type, and a type says no more than its schema. The
// assertions marked @ts-expect-error fail the build the day a type loosens (the
// entity operator, Cruise Control and Kafka Exporter were Record<string, unknown>
// before their types came from the schema).
import t from "tap";
import type { Static } from "typebox";
import type {
  CruiseControlSpec, GenericKafkaListener, Kafka, KafkaExporterSpec, KafkaSpec, ListenerType,
} from "../../lib/api/kafka.js";
import type { KafkaNodePool, Storage } from "../../lib/api/kafka-nodepool.js";
import type { kafkaSchema } from "../../lib/api/schemas/kafka.js";
import { listener } from "../../lib/api/schemas/listeners.js";
import type { StrimziPodSet } from "../../lib/api/strimzi-podset.js";
import { validateKafka, validateKafkaNodePool, validateStrimziPodSet } from "../../lib/api/validate.js";

type Equal<A, B> = (<V>() => V extends A ? 1 : 2) extends (<V>() => V extends B ? 1 : 2) ? true : false;
const same = <A, B>(proof: Equal<A, B>): Equal<A, B> => proof;

const kafka: Kafka = {
  apiVersion: "kafka.strimzi.io/v1",
  kind: "Kafka",
  metadata: { name: "my-cluster", namespace: "myproject", uid: "0b5d", labels: { team: "a" } },
  spec: {
    kafka: {
      version: "4.3.1",
      listeners: [
        { name: "plain", port: 9092, type: "internal", tls: false },
        {
          name: "external", port: 9094, type: "nodeport", tls: true,
          authentication: { type: "tls" },
          configuration: { bootstrap: { nodePort: 32100 }, brokers: [{ broker: 0, advertisedHost: "example.com" }] },
        },
      ],
      config: { "min.insync.replicas": 2, "auto.create.topics.enable": false },
      logging: { type: "external", valueFrom: { configMapKeyRef: { name: "logging", key: "log4j2.properties" } } },
      template: { pod: { affinity: { podAntiAffinity: {} }, tolerations: [{ key: "dedicated", operator: "Exists" }] } },
    },
    entityOperator: { topicOperator: { reconciliationIntervalMs: 60000 }, userOperator: {} },
    cruiseControl: { brokerCapacity: { cpu: "2", overrides: [{ brokers: [0], inboundNetwork: "10000KiB/s" }] } },
    kafkaExporter: { groupRegex: "orders-.*", enableSaramaLogging: true, template: { pod: { priorityClassName: "low" } } },
  },
};

const pool: KafkaNodePool = {
  apiVersion: "kafka.strimzi.io/v1",
  kind: "KafkaNodePool",
  metadata: { name: "broker", namespace: "myproject", labels: { "strimzi.io/cluster": "my-cluster" } },
  spec: {
    replicas: 3,
    roles: ["broker"],
    storage: { type: "jbod", volumes: [{ type: "persistent-claim", id: 0, size: "100Gi" }, { type: "ephemeral", id: 1, kraftMetadata: "shared" }] },
    resources: { requests: { memory: "4Gi" } },
  },
};

const podSet: StrimziPodSet = {
  apiVersion: "core.strimzi.io/v1",
  kind: "StrimziPodSet",
  metadata: { name: "my-cluster-broker", namespace: "myproject" },
  spec: {
    selector: { matchLabels: { "strimzi.io/pool-name": "broker" } },
    podTemplate: { metadata: { labels: { "strimzi.io/kind": "Kafka" } }, spec: { containers: [{ name: "kafka", image: "apache/kafka:4.3.1" }] } },
    pods: [{ metadata: { name: "my-cluster-broker-0" }, spec: { hostname: "my-cluster-broker-0", volumes: [{ name: "data-0", emptyDir: {} }] } }],
  },
};

t.test("a value of each type is a resource its schema accepts, unchanged but for Strimzi's defaults", async (t) => {
  const kafkaResult = validateKafka(kafka);
  t.equal(kafkaResult.ok, true);
  t.strictSame(kafkaResult.ok && kafkaResult.value.spec.kafkaExporter, {
    groupRegex: "orders-.*", enableSaramaLogging: true, template: { pod: { priorityClassName: "low" } }, topicRegex: ".*", logging: "info",
  });
  t.strictSame(validateKafkaNodePool(pool), { ok: true, value: pool, unknownFields: [] });
  t.strictSame(validateStrimziPodSet(podSet), { ok: true, value: podSet, unknownFields: [] });
});

t.test("the types are the schemas': tags are the schema's enums, operands are typed", async (t) => {
  t.equal(same<Kafka["spec"], Static<typeof kafkaSchema>["spec"]>(true), true);
  t.equal(same<ListenerType, "internal" | "route" | "tlsroute" | "loadbalancer" | "nodeport" | "ingress" | "cluster-ip">(true), true);
  t.strictSame(listener.properties.type.enum, ["internal", "route", "tlsroute", "loadbalancer", "nodeport", "ingress", "cluster-ip"]);
  t.equal(same<KafkaExporterSpec, Record<string, unknown>>(false), false);
  t.equal(same<KafkaSpec["kafkaExporter"], KafkaExporterSpec | undefined>(true), true);
  t.equal(same<KafkaExporterSpec["groupRegex"], string | undefined>(true), true);
  t.equal(same<NonNullable<CruiseControlSpec["brokerCapacity"]>["cpu"], string | undefined>(true), true);

  // @ts-expect-error: a field the Kafka Exporter schema does not have
  const misspelt: KafkaExporterSpec = { groupRegexp: ".*" };
  // @ts-expect-error: a listener type the schema does not list
  const bogus: GenericKafkaListener = { name: "plain", port: 9092, type: "bogus", tls: false };
  // @ts-expect-error: tls is required by the schema, so by the type
  const noTls: GenericKafkaListener = { name: "plain", port: 9092, type: "internal" };
  t.ok(misspelt && bogus && noTls);
});

t.test("a storage's type is the union of its kinds: the tag says which fields there are", async (t) => {
  const ids = (storage: Storage): number[] =>
    storage.type === "jbod" ? storage.volumes.map((v) => v.id ?? 0) : [storage.id ?? 0];
  t.strictSame(ids(pool.spec.storage), [0, 1]);
  // @ts-expect-error: jbod storage requires its volumes (requiredWhen in the schema)
  const noVolumes: Storage = { type: "jbod" };
  const ephemeral: Storage = { type: "ephemeral", sizeLimit: "1Gi" };
  // @ts-expect-error: an ephemeral volume has no claim size
  t.equal(ephemeral.type === "ephemeral" && ephemeral.size, undefined);
  t.ok(noVolumes);
});
