// Schema of the `kafka.strimzi.io/v1` KafkaRebalance: a request to Cruise
// Control for a proposal and its execution, driven by the sidecar
// (sidecar/rebalance). What the schema cannot say (brokers for the broker
// modes, rebalanceDisk only with no goals, volumes for remove-disks) is
// checked by lib/api/kafka-rebalance.ts, with Strimzi's messages.
import { array, boolean, enumOf, integer, object, string } from "./combinators.js";
import { KAFKA_API_VERSION } from "./kafka.js";
import { resource } from "./resource.js";

export const REBALANCE_MODES = ["full", "add-brokers", "remove-brokers", "remove-disks"] as const;

const movementBound = (what: string) => integer({ minimum: 0, description: `Upper bound of ${what}; Cruise Control's default when unset or 0.` });

export const kafkaRebalanceSpec = object({
  mode: enumOf(REBALANCE_MODES, { description: "What to balance: the whole cluster (full, the default), onto new brokers, off brokers to remove, or off disks to remove." }),
  brokers: array(integer(), { description: "The brokers added (add-brokers) or to be removed (remove-brokers); ignored by the other modes." }),
  goals: array(string(), { description: "Cruise Control goals in decreasing priority; Cruise Control's default goals when unset." }),
  skipHardGoalCheck: boolean({ description: "Lets the goals leave out hard goals of Cruise Control's configuration." }),
  rebalanceDisk: boolean({ description: "full mode only: balances the disks within each broker (JBOD); goals must then be empty." }),
  excludedTopics: string({ description: "A Java regular expression: matching topics are left where they are." }),
  concurrentPartitionMovementsPerBroker: movementBound("replica movements into or out of each broker at once"),
  concurrentIntraBrokerPartitionMovements: movementBound("replica movements between the disks of a broker at once (full mode)"),
  concurrentLeaderMovements: movementBound("leadership movements at once"),
  replicationThrottle: integer({ minimum: 0, description: "Bytes per second replica movements may use; no limit when unset or 0." }),
  replicaMovementStrategies: array(string(), { description: "Class names of the strategies that order replica movements." }),
  moveReplicasOffVolumes: array(object({
    brokerId: integer({ description: "The broker whose disks are emptied." }),
    volumeIds: array(integer(), { minItems: 1, description: "The JBOD volume ids to empty." }),
  }), { minItems: 1, description: "remove-disks: the brokers and volumes whose replicas move to the broker's other volumes." }),
}, { description: "The rebalance to ask Cruise Control for." });

export const kafkaRebalanceSchema = resource(KAFKA_API_VERSION, "KafkaRebalance", kafkaRebalanceSpec);
