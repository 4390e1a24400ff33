// Schema of the `kafka.strimzi.io/v1` KafkaMirrorMaker2: a Connect cluster
// against the `target` Kafka cluster, running a MirrorSourceConnector and a
// MirrorCheckpointConnector per entry of `mirrors`.
import { configMap, enumOf, freeForm, integer, object, array, string } from "./combinators.js";
import { clientAuthentication, clientTls } from "./clients.js";
import { CONNECT_WORKER_FIELDS } from "./kafka-connect.js";
import { CONNECTOR_STATES, connectorAlterOffsets, connectorAutoRestart, connectorListOffsets } from "./kafka-connector.js";
import { KAFKA_API_VERSION } from "./kafka.js";
import { resource } from "./resource.js";

/** Strimzi's pattern of a cluster alias: it becomes part of connector names and Secret keys. */
const ALIAS = "^[a-zA-Z0-9\\._\\-]{1,100}$";

const CLUSTER_FIELDS = {
  alias: string({ pattern: ALIAS, description: "The cluster's name in MirrorMaker 2: remote topics are prefixed with a source's." }),
  bootstrapServers: string({ description: "host:port pairs of the cluster." }),
  tls: clientTls,
  authentication: clientAuthentication,
};

const target = object({
  ...CLUSTER_FIELDS,
  groupId: string({ description: "The workers' Connect group id." }),
  configStorageTopic: string({ description: "Topic on the target the connectors' configurations are kept in." }),
  statusStorageTopic: string({ description: "Topic on the target the connectors' and tasks' states are kept in." }),
  offsetStorageTopic: string({ description: "Topic on the target the source connectors' offsets are kept in." }),
  config: configMap("Worker properties for the target cluster; group.id, the storage topics, ssl., sasl., security., listeners, plugin.path, rest., bootstrap.servers and the interceptor classes are ignored but ssl.endpoint.identification.algorithm, ssl.cipher.suites, ssl.protocol and ssl.enabled.protocols."),
}, {
  required: ["alias", "bootstrapServers", "groupId", "configStorageTopic", "statusStorageTopic", "offsetStorageTopic"],
  description: "The cluster the workers run against and mirror into.",
});

const source = object({
  ...CLUSTER_FIELDS,
  config: configMap("Client properties for the source cluster, given to the connectors with the source.cluster. prefix."),
}, { required: ["alias", "bootstrapServers"], description: "The cluster mirrored from." });

const connector = (description: string) => object({
  tasksMax: integer({ minimum: 1, description: "The most tasks the connector may run (tasks.max)." }),
  version: string({ description: "The connector plugin's version (connector.plugin.version)." }),
  config: freeForm<Record<string, unknown>>("The connector's configuration; name, connector.class, tasks.max and connector.plugin.version come from the other fields."),
  state: enumOf(CONNECTOR_STATES, { description: "Whether the connector runs, is paused or is stopped; running when unset." }),
  autoRestart: connectorAutoRestart,
  listOffsets: connectorListOffsets,
  alterOffsets: connectorAlterOffsets,
}, { description });

const mirror = object({
  source,
  sourceConnector: connector("The MirrorSourceConnector, which copies topics; none when unset."),
  checkpointConnector: connector("The MirrorCheckpointConnector, which translates consumer group offsets; none when unset."),
  topicsPattern: string({ description: "Regular expressions of the topics mirrored, comma-separated (topics)." }),
  topicsExcludePattern: string({ description: "Regular expressions of topics not mirrored (topics.exclude)." }),
  groupsPattern: string({ description: "Regular expressions of the consumer groups whose offsets are translated (groups)." }),
  groupsExcludePattern: string({ description: "Regular expressions of consumer groups left out (groups.exclude)." }),
}, { required: ["source"] });

export const kafkaMirrorMaker2Spec = object({
  version: string({ description: "Kafka version of the workers; the operator's default when unset." }),
  // Every worker is written into the PodSet: an unbounded count would make an answer of any size.
  replicas: integer({ minimum: 0, maximum: 400, description: "Number of workers (at most 400)." }),
  image: string({ description: "Container image of the workers; apache/kafka of the version when unset." }),
  target,
  mirrors: array(mirror, { description: "What is mirrored from each source cluster into the target." }),
  ...CONNECT_WORKER_FIELDS,
}, { required: ["replicas", "target", "mirrors"], description: "A MirrorMaker 2 cluster." });

export const kafkaMirrorMaker2Schema = resource(KAFKA_API_VERSION, "KafkaMirrorMaker2", kafkaMirrorMaker2Spec);
