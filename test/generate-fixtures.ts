// `make fixtures`: writes test/fixtures/<example>.sync.json, the first-sync request
// of every Strimzi example that contains a Kafka, a KafkaBridge, a KafkaConnect or a KafkaMirrorMaker2, for curl and for tests.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { exampleBridgeRequests, exampleConnectRequests, exampleMirrorMaker2Requests, exampleRequests, fixtureText } from "./helpers/examples.js";
import { fixturesDir } from "./helpers/paths.js";

mkdirSync(fixturesDir, { recursive: true });
for (const old of readdirSync(fixturesDir).filter((f) => f.endsWith(".sync.json"))) rmSync(join(fixturesDir, old));
for (const { fixture, request } of [...exampleRequests(), ...exampleBridgeRequests(), ...exampleConnectRequests(), ...exampleMirrorMaker2Requests()]) {
  writeFileSync(join(fixturesDir, fixture), fixtureText(request));
  process.stdout.write(`${fixture}\n`);
}
