// Schema of the `kafka.strimzi.io/v1` KafkaConnector: one connector of a Kafka
// Connect cluster (`strimzi.io/cluster`), reconciled by the sidecar through
// Connect's REST API (sidecar/connectors).
import { boolean, enumOf, freeForm, integer, object, string } from "./combinators.js";
import { KAFKA_API_VERSION } from "./kafka.js";
import { resource } from "./resource.js";

const configMapReference = (description: string) => object({ name: string({ description: "The ConfigMap's name." }) }, { description });

export const CONNECTOR_STATES = ["paused", "stopped", "running"] as const;

/** Also a KafkaMirrorMaker2 connector's. */
export const connectorAutoRestart = object({
  enabled: boolean({ description: "Whether a failed connector or task is restarted, with a back-off that grows to an hour." }),
  maxRestarts: integer({ description: "Restarts after which the connector is left failed; unlimited when unset." }),
}, { description: "Restarting the connector and its tasks when they fail." });

export const connectorListOffsets = object({
  toConfigMap: configMapReference("The ConfigMap the offsets are written to, under offsets.json."),
}, { required: ["toConfigMap"], description: "Where the strimzi.io/connector-offsets=list annotation writes the offsets." });

export const connectorAlterOffsets = object({
  fromConfigMap: configMapReference("The ConfigMap whose offsets.json holds the offsets to set."),
}, { required: ["fromConfigMap"], description: "Where the strimzi.io/connector-offsets=alter annotation reads the offsets." });

export const kafkaConnectorSpec = object({
  class: string({ description: "The connector's class (connector.class)." }),
  tasksMax: integer({ minimum: 1, description: "The most tasks the connector may run (tasks.max)." }),
  autoRestart: connectorAutoRestart,
  version: string({ description: "The connector plugin's version (connector.plugin.version)." }),
  // Values are strings, numbers, booleans or lists of them, checked by connectorProblems.
  config: freeForm<Record<string, unknown>>("The connector's configuration; name, connector.class, tasks.max and connector.plugin.version come from the other fields."),
  state: enumOf(CONNECTOR_STATES, { description: "Whether the connector runs, is paused or is stopped; running when unset." }),
  listOffsets: connectorListOffsets,
  alterOffsets: connectorAlterOffsets,
}, { description: "A Kafka Connect connector." });

export const kafkaConnectorSchema = resource(KAFKA_API_VERSION, "KafkaConnector", kafkaConnectorSpec);
