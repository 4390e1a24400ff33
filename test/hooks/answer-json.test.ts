import t from "tap";
import { answerJson } from "../../hooks/answer-json.js";
import { syncKafka } from "../../lib/sync/kafka-sync.js";
import { nextRequest } from "../helpers/observe.js";
import { exampleRequest, testEnvironment } from "../helpers/requests.js";

t.test("the answer's bytes are JSON.stringify of the answer, with children remembered or not", async (t) => {
  const env = testEnvironment("answer-json");
  let request = exampleRequest("kafka/kafka-persistent.yaml");
  for (let sync = 0; sync < 4; sync++) {
    const answer = syncKafka(request, env);
    t.equal(answerJson(answer).toString("utf8"), JSON.stringify(answer), `sync ${sync}`);
    t.equal(answerJson(answer).toString("utf8"), JSON.stringify(answer), `sync ${sync}, written a second time`);
    request = nextRequest(request, answer);
  }
  t.ok(Object.isFrozen(syncKafka(request, env).children), "a settled cluster's children are remembered, frozen");
});

t.test("properties without a JSON form are left out, non-ASCII text is UTF-8, and any key order is kept", async (t) => {
  const children = Object.freeze([{ kind: "ConfigMap", data: { note: "Grüße 🚀" } }]);
  for (const answer of [
    { status: { a: 1 }, children, resyncAfterSeconds: 5 },
    { children, status: { note: "日本" } },
    { status: {}, children: [{ kind: "Secret" }], resyncAfterSeconds: undefined },
    { status: {}, skipped: () => 1, children },
    { children },
  ]) {
    t.equal(answerJson(answer).toString("utf8"), JSON.stringify(answer));
  }
});
