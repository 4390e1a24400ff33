// Schema of the `kafka.strimzi.io/v1` KafkaUser: a Kafka principal with its
// credentials (a clients CA certificate or a SCRAM password), ACLs and quotas,
// reconciled by the Entity Operator's user-operator (entity-operator/user-operator).
import { array, enumOf, integer, number, object, requiredWhen, string, taggedUnion } from "./combinators.js";
import { resourceTemplate, secretKeyRef } from "./common.js";
import { KAFKA_API_VERSION } from "./kafka.js";
import { resource } from "./resource.js";

const password = object({
  valueFrom: object({ secretKeyRef }, { description: "The Secret in the user's namespace holding the password." }),
}, { required: ["valueFrom"], description: "The user's own password; generated and kept in the user Secret when unset." });

const authentication = taggedUnion("type", "How the user authenticates: a clients CA certificate (tls), a certificate issued elsewhere (tls-external) or a SCRAM-SHA-512 password.", {
  validityDays: integer({ minimum: 1, description: "Days the user certificate is valid; the clients CA's validityDays when unset. Set together with renewalDays." }),
  renewalDays: integer({ minimum: 1, description: "Days before expiry the user certificate is renewed; the clients CA's renewalDays when unset." }),
  password,
}, {
  tls: { fields: ["validityDays", "renewalDays"] },
  "tls-external": { fields: [] },
  "scram-sha-512": { fields: ["password"] },
}, { description: "The user's credentials; none when unset (ACLs and quotas then name the bare user name)." });

export const ACL_OPERATIONS = [
  "Read", "Write", "Create", "Delete", "Alter", "Describe", "ClusterAction", "AlterConfigs", "DescribeConfigs", "IdempotentWrite", "All",
] as const;

const aclRule = object({
  type: enumOf(["allow", "deny"], { default: "allow", description: "Whether the rule allows or denies the operations." }),
  resource: object({
    type: enumOf(["topic", "group", "cluster", "transactionalId"], { description: "Kind of Kafka resource the rule is about." }),
    name: string({ description: "The resource's name, or the prefix of the names with patternType prefix; not used for the cluster." }),
    patternType: enumOf(["literal", "prefix"], { default: "literal", description: "Whether name is a whole name or a prefix." }),
  }, { required: ["type"], rules: [requiredWhen("type", ["topic", "group", "transactionalId"], ["name"])], description: "The Kafka resource the rule is about." }),
  host: string({ default: "*", description: "Host the operations come from; any host when unset." }),
  operations: array(enumOf(ACL_OPERATIONS), { description: "The operations allowed or denied." }),
}, { required: ["resource", "operations"], description: "One ACL rule." });

const authorization = object({
  type: enumOf(["simple"], { description: "ACLs kept through Kafka's Admin API (StandardAuthorizer)." }),
  acls: array(aclRule, { description: "The user's ACL rules." }),
}, { required: ["acls", "type"], description: "What the user may do." });

const quotas = object({
  producerByteRate: integer({ minimum: 0, description: "Bytes per second the user's clients may produce to each broker." }),
  consumerByteRate: integer({ minimum: 0, description: "Bytes per second the user's clients may fetch from each broker." }),
  requestPercentage: integer({ minimum: 0, description: "Share of each broker's network and I/O threads' time the user's clients may take, in percent." }),
  controllerMutationRate: number({ minimum: 0, description: "Partitions per second the user may create or delete." }),
}, { description: "Kafka client quotas of the user." });

export const kafkaUserSpec = object({
  authentication,
  authorization,
  quotas,
  template: object({ secret: resourceTemplate("The user Secret.") }, { description: "Templates of the user's resources." }),
}, { description: "A Kafka user." });

export const kafkaUserSchema = resource(KAFKA_API_VERSION, "KafkaUser", kafkaUserSpec);
