// The Topic Operator's Cruise Control client (entity-operator/topic-operator/cruise-control.ts):
// the trust and credentials Strimzi mounts, read again for every request, against
// the fake Cruise Control (real HTTPS, basic authentication).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import t from "tap";
import { topicCruiseControl } from "../../entity-operator/topic-operator/cruise-control.js";
import { userTasksRequest } from "../../lib/topics/replicas-change.js";
import { FakeCruiseControl } from "../helpers/fake-cruise-control.js";

t.test("the mounted files are read for each request: a rotated password is used at once; a missing file is the request's failure", async (t) => {
  const fake = await FakeCruiseControl.start({ serverName: "localhost", user: "topic-operator", password: "first" });
  const dir = mkdtempSync(join(tmpdir(), "eto-cc-api-"));
  t.teardown(async () => { await fake.stop(); rmSync(dir, { recursive: true, force: true }); });
  const files = { ca: join(dir, "ca.crt"), user: join(dir, "topic-operator.apiAdminName"), password: join(dir, "topic-operator.apiAdminPassword") };
  writeFileSync(files.ca, fake.caCertPem);
  writeFileSync(files.user, "topic-operator");
  writeFileSync(files.password, "first");
  const client = topicCruiseControl({
    host: "localhost", port: fake.port, rackAware: false, caCertFile: files.ca, credentials: { userFile: files.user, passwordFile: files.password },
  });
  t.match(await client.send(userTasksRequest(["t1"])), { status: 200, body: '{"userTasks":[],"version":1}' });
  writeFileSync(files.password, "second");
  t.match(await client.send(userTasksRequest(["t1"])), { status: 401 }, "the file's new password, which this Cruise Control does not know yet");
  rmSync(files.password);
  t.match(await client.send(userTasksRequest(["t1"])), { failure: { reason: "IOException", message: /ENOENT/ } });
  t.equal(fake.requests.length, 2, "nothing sent without credentials");
});
