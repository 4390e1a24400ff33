// Every `default` in our schemas is a valid value of the node it stands on (the
// structural rules themselves are checked on the generated CRDs, in
// test/manifests/crds.test.ts).
import { Ajv } from "ajv";
import t from "tap";
import type { Schema } from "../../lib/api/schemas/combinators.js";
import { kafkaSchema } from "../../lib/api/schemas/kafka.js";
import { kafkaNodePoolSchema } from "../../lib/api/schemas/kafka-nodepool.js";

/** Every `default`, with the schema node it belongs to. */
function defaults(node: Schema, path: string): Array<{ path: string; node: Schema }> {
  const children = [
    ...Object.entries(node.properties ?? {}).map(([k, v]) => defaults(v, `${path}.${k}`)),
    node.items ? defaults(node.items, `${path}[]`) : [],
  ].flat();
  return node.default === undefined ? children : [{ path, node }, ...children];
}

const ajv = new Ajv({ strict: false });

for (const [kind, schema] of [["Kafka", kafkaSchema], ["KafkaNodePool", kafkaNodePoolSchema]] as const) {
  t.test(`${kind}: every default is valid where it stands`, async (t) => {
    const found = defaults(schema, "");
    t.ok(found.length > 0);
    for (const { path, node } of found) t.ok(ajv.validate(node, node.default), `${path} = ${JSON.stringify(node.default)}`);
  });
}
