// The Node.js options of the Entity Operator's processes: V8's old space is
// capped at three quarters of the container's memory limit, or at the hooks'
// 384 MiB without one (lib/operands/entity-operator/node-options.ts).
import t from "tap";
import { operatorNodeOptions } from "../../lib/operands/entity-operator/node-options.js";

t.test("without a memory limit the old space gets the hooks' cap", async (t) => {
  t.same(operatorNodeOptions(undefined), ["--max-old-space-size=384"]);
  t.same(operatorNodeOptions({}), ["--max-old-space-size=384"]);
  t.same(operatorNodeOptions({ requests: { memory: "2Gi" } }), ["--max-old-space-size=384"], "a request bounds nothing: V8 may grow to the node's memory");
  t.same(operatorNodeOptions({ limits: { cpu: "1" } }), ["--max-old-space-size=384"]);
});

t.test("a memory limit gives three quarters of it, in whole MiB", async (t) => {
  t.same(operatorNodeOptions({ limits: { memory: "512Mi" } }), ["--max-old-space-size=384"]);
  t.same(operatorNodeOptions({ limits: { memory: "1Gi" } }), ["--max-old-space-size=768"]);
  t.same(operatorNodeOptions({ limits: { memory: "1.5Gi" } }), ["--max-old-space-size=1152"], "fractions of a unit");
  // 10^9 bytes × 3/4 = 715.26 MiB, rounded down.
  t.same(operatorNodeOptions({ limits: { memory: "1G" } }), ["--max-old-space-size=715"], "decimal units");
  t.same(operatorNodeOptions({ limits: { memory: 1073741824 } }), ["--max-old-space-size=768"], "a number of bytes");
  t.same(operatorNodeOptions({ limits: { memory: "1Ki" } }), ["--max-old-space-size=1"], "never zero, which V8 reads as no cap");
});
