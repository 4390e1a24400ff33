// The compatibility corpus: every Strimzi example that contains a Kafka.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import t from "tap";
import type { StrimziPodSet } from "../../lib/api/strimzi-podset.js";
import { expandPodSet } from "../../lib/podset/expand.js";
import { syncKafka } from "../../lib/sync/kafka-sync.js";
import { exampleRequests, fixtureText } from "../helpers/examples.js";
import { openApiError } from "../helpers/openapi.js";
import { fixturesDir } from "../helpers/paths.js";
import { testEnvironment } from "../helpers/requests.js";

const examples = exampleRequests();

t.test("the corpus is what we expect it to be", async (t) => {
  t.ok(examples.length >= 19, `found ${examples.length} Kafkas`);
});

for (const { example, fixture, request } of examples) {
  t.test(example, async (t) => {
    const answer = syncKafka(request, testEnvironment());
    const notReady = answer.status.conditions?.find((c) => c.type === "NotReady");
    t.equal(notReady?.reason, "PodsNotReady", `only waiting for pods: ${notReady?.message}`);
    t.ok(answer.children.length > 0);
    for (const child of answer.children) {
      if (child.kind === "StrimziPodSet") {
        for (const pod of expandPodSet(child as StrimziPodSet)) {
          t.equal(openApiError(pod), undefined, `Pod ${pod.metadata?.name} is a valid Pod`);
        }
      } else {
        t.equal(openApiError(child), undefined, `${child.kind}/${child.metadata.name} is a valid ${child.kind}`);
      }
    }
    t.equal(readFileSync(join(fixturesDir, fixture), "utf8"), fixtureText(request), `test/fixtures/${fixture} is current (make fixtures)`);
  });
}
