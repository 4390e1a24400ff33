// A KafkaUser's ACL rules as Kafka bindings and its quotas as Kafka's keys, and
// the changes that take what Kafka holds to them.
import t from "tap";
import type { KafkaUser } from "../../lib/api/kafka-user.js";
import { aclChanges, desiredAcls, type AclBinding } from "../../lib/users/acls.js";
import { desiredQuotas, quotaChanges } from "../../lib/model/client-quotas.js";

const spec = (s: KafkaUser["spec"]): Pick<KafkaUser, "spec"> => ({ spec: s });

t.test("one binding per rule and operation; the cluster is `kafka-cluster`, literal; repeats once", async (t) => {
  const user = spec({
    authorization: {
      type: "simple",
      acls: [
        { type: "deny", resource: { type: "topic", name: "logs-", patternType: "prefix" }, host: "10.0.0.1", operations: ["Read", "Describe"] },
        { resource: { type: "cluster", name: "ignored", patternType: "prefix" }, operations: ["IdempotentWrite"] },
        { resource: { type: "transactionalId", name: "tx" }, operations: ["Write", "Write"] },
      ],
    },
  });
  t.strictSame(desiredAcls(user, "CN=app"), [
    { principal: "User:CN=app", resourceType: "topic", resourceName: "logs-", patternType: "prefix", host: "10.0.0.1", operation: "Read", permission: "deny" },
    { principal: "User:CN=app", resourceType: "topic", resourceName: "logs-", patternType: "prefix", host: "10.0.0.1", operation: "Describe", permission: "deny" },
    { principal: "User:CN=app", resourceType: "cluster", resourceName: "kafka-cluster", patternType: "literal", host: "*", operation: "IdempotentWrite", permission: "allow" },
    { principal: "User:CN=app", resourceType: "transactionalId", resourceName: "tx", patternType: "literal", host: "*", operation: "Write", permission: "allow" },
  ]);
  t.strictSame(desiredAcls(spec({}), "app"), []);
});

t.test("changes: only what differs is created or deleted", async (t) => {
  const binding = (operation: AclBinding["operation"]): AclBinding =>
    ({ principal: "User:app", resourceType: "topic", resourceName: "t", patternType: "literal", host: "*", operation, permission: "allow" });
  t.strictSame(aclChanges([binding("Read"), binding("Write")], [binding("Read"), binding("Delete")]), { create: [binding("Write")], delete: [binding("Delete")] });
  t.strictSame(aclChanges([binding("Read")], [binding("Read")]), { create: [], delete: [] });
});

t.test("quotas: Kafka's keys; a key set to its value again is no change, one dropped is removed", async (t) => {
  t.strictSame(desiredQuotas(spec({ quotas: { producerByteRate: 1024, consumerByteRate: 2048, requestPercentage: 55, controllerMutationRate: 0.5 } })),
    { producer_byte_rate: 1024, consumer_byte_rate: 2048, request_percentage: 55, controller_mutation_rate: 0.5 });
  t.strictSame(quotaChanges({ producer_byte_rate: 1024, request_percentage: 50 }, { producer_byte_rate: 1024, consumer_byte_rate: 10, request_percentage: 55 }),
    { request_percentage: 50, consumer_byte_rate: null });
  t.strictSame(quotaChanges({}, {}), {});
});
