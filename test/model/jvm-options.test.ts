import t from "tap";
import { jvmOptionsProblems } from "../../lib/model/jvm-options.js";
import { exampleModelResult } from "../config/model.js";

t.test("a Java system property needs a name and a value, neither with whitespace, as KAFKA_OPTS carries them", async (t) => {
  const problems = (...javaSystemProperties: Array<{ name?: string; value?: string }>) => jvmOptionsProblems({ javaSystemProperties }, "spec.kafka.jvmOptions");
  t.strictSame(problems({ name: "javax.net.debug", value: "ssl" }, { name: "empty.value", value: "" }), []);
  t.strictSame(problems({ value: "ssl" }), [{ path: "spec.kafka.jvmOptions.javaSystemProperties[0].name", message: "is required: a system property needs a name" }]);
  t.strictSame(problems({ name: "", value: "x" }), [{ path: "spec.kafka.jvmOptions.javaSystemProperties[0].name", message: "is required: a system property needs a name" }]);
  t.strictSame(problems({ name: "ok", value: "a" }, { name: "a" }), [{ path: "spec.kafka.jvmOptions.javaSystemProperties[1].value", message: "is required (it may be empty)" }]);
  t.strictSame(problems({ name: "a", value: "x -Xmx1g" }), [{ path: "spec.kafka.jvmOptions.javaSystemProperties[0].value", message: "must not contain whitespace: kafka-run-class.sh splits KAFKA_OPTS on it" }]);
  t.strictSame(jvmOptionsProblems(undefined, "spec.jvmOptions"), []);
});

t.test("the Kafka and each pool are refused naming the property, so no pod starts with -Dundefined", async (t) => {
  const result = exampleModelResult("kafka/kafka-persistent.yaml", (kafka, pools) => {
    kafka.spec.kafka.jvmOptions = { javaSystemProperties: [{ value: "ssl" }] };
    const [pool] = pools;
    if (pool) pool.spec.jvmOptions = { javaSystemProperties: [{ name: "a", value: "b c" }] };
  });
  if (result.ok) throw new Error("the model was built");
  t.strictSame(result.problems.map((p) => [p.reason, p.path]), [
    ["InvalidResource", "spec.kafka.jvmOptions.javaSystemProperties[0].name"],
    ["InvalidResource", `KafkaNodePool/controller spec.jvmOptions.javaSystemProperties[0].value`],
  ]);
});
