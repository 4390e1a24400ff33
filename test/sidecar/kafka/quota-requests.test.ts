// The client quota requests in the protocol's terms (sidecar/kafka/user-requests.ts):
// the default user (`spec.kafka.quotas` of type `kafka`) is the user entity with
// a null name, apart from the KafkaUsers' named entities.
import { ClientQuotaEntityTypes, type ClientQuotaKeyValue, type describeClientQuotasV0 } from "@platformatic/kafka";
import t from "tap";
import {
  DEFAULT_USER_QUOTAS_FILTER, defaultUserQuotasOf, quotaEntries, quotaEntry, quotasOf, USER_QUOTAS_FILTER,
} from "../../../sidecar/kafka/user-requests.js";

// The library's key type lists three keys; Kafka also answers controller_mutation_rate (KIP-599).
const CONTROLLER_MUTATION_RATE = "controller_mutation_rate" as ClientQuotaKeyValue;

// What Kafka answers to DescribeClientQuotas for users (entity type `user`), as the library decodes it.
const ENTRIES: describeClientQuotasV0.DescribeClientQuotasResponseEntry[] = [
  { entity: [{ entityType: ClientQuotaEntityTypes.USER, entityName: null }], values: [{ key: "producer_byte_rate", value: 1048576 }, { key: CONTROLLER_MUTATION_RATE, value: 0.5 }] },
  { entity: [{ entityType: ClientQuotaEntityTypes.USER, entityName: "my-user" }], values: [{ key: "consumer_byte_rate", value: 2048 }] },
  { entity: [{ entityType: ClientQuotaEntityTypes.USER, entityName: "my-user" }, { entityType: ClientQuotaEntityTypes.CLIENT_ID, entityName: "app" }], values: [{ key: "producer_byte_rate", value: 1 }] },
];

t.test("asking: the default user alone (match type DEFAULT), the KafkaUsers' any user (SPECIFIED)", async (t) => {
  t.strictSame(DEFAULT_USER_QUOTAS_FILTER, [{ entityType: ClientQuotaEntityTypes.USER, matchType: 1 }]);
  t.strictSame(USER_QUOTAS_FILTER, [{ entityType: ClientQuotaEntityTypes.USER, matchType: 2 }]);
});

t.test("reading: the default user's quotas apart from the named users'; user and client-id pairs are neither", async (t) => {
  t.strictSame(defaultUserQuotasOf(ENTRIES), { producer_byte_rate: 1048576, controller_mutation_rate: 0.5 });
  t.strictSame(defaultUserQuotasOf(ENTRIES.slice(1)), {}, "no default entity: none");
  t.strictSame([...quotasOf(ENTRIES)], [["my-user", { consumer_byte_rate: 2048 }]], "the default user is not a KafkaUser's");
});

t.test("altering the default user: its entity named null, a value set, null removed; nothing to send for no change", async (t) => {
  t.strictSame(quotaEntry(null, { producer_byte_rate: 1024, request_percentage: 55, consumer_byte_rate: null }), [{
    entities: [{ entityType: ClientQuotaEntityTypes.USER, entityName: null }],
    ops: [
      { key: "producer_byte_rate", value: 1024, remove: false },
      { key: "request_percentage", value: 55, remove: false },
      { key: "consumer_byte_rate", remove: true },
    ],
  }]);
  t.strictSame(quotaEntry(null, {}), []);
  t.strictSame(quotaEntries(new Map([["my-user", { consumer_byte_rate: 2048 }]])), [{
    entities: [{ entityType: ClientQuotaEntityTypes.USER, entityName: "my-user" }], ops: [{ key: "consumer_byte_rate", value: 2048, remove: false }],
  }], "a KafkaUser's, as before");
});
