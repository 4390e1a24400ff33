// The Node.js options of the Topic and User Operator processes. V8 sizes its
// heap from the machine's memory, not the container's, and on a machine of a
// few GiB lets the old space grow to about four times what survives a full
// collection before it collects: the Topic Operator holding 50 MiB with 10,000
// KafkaTopics reached 310 MiB resident. A cap on the old space also makes V8
// grow it by a smaller factor (its growing factor scales with the cap), which
// bounds the garbage kept between collections (docs/ARCHITECTURE.md, The
// Entity Operator's memory). The young generation keeps V8's size: a smaller
// one promotes the objects of batches in flight and doubled the operator's CPU.
import type { ResourceRequirements } from "../../api/kubernetes.js";
import { parseQuantity } from "../../volumes/quantity.js";

/** The old space's cap without a memory limit: the hooks' and the sidecar's (manifests/deployment.yaml). */
const DEFAULT_MAX_OLD_SPACE_MIB = 384;
const MIB = 2n ** 20n;

/** Three quarters of the container's memory limit, as the hooks' cap is of theirs, or the default without a limit; at least 1 MiB. */
function maxOldSpaceMiB(resources: ResourceRequirements | undefined): number {
  const limit = resources?.limits?.["memory"];
  const exact = limit === undefined ? undefined : parseQuantity(String(limit));
  if (exact === undefined) return DEFAULT_MAX_OLD_SPACE_MIB;
  return Math.max(1, Number((exact.numerator * 3n) / (exact.denominator * 4n * MIB)));
}

/** The options before the script in the container's command: `node <options> dist/entity-operator/main.js <mode>`. */
export function operatorNodeOptions(resources: ResourceRequirements | undefined): string[] {
  return [`--max-old-space-size=${maxOldSpaceMiB(resources)}`];
}
