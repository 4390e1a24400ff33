// The sidecar drives KafkaRebalances against the stand-in API server and a fake
// Cruise Control built from its recorded answers: the whole flow with both
// approvals, a new sidecar taking over at every state from the status alone, a
// Cruise Control restart mid-execution, and one unresponsive Cruise Control
// holding up no other cluster's rebalances.
import { createServer, type Server, type Socket } from "node:net";
import t, { type Test } from "tap";
import { pino } from "pino";
import type { KafkaRebalanceStatus } from "../../lib/api/kafka-rebalance.js";
import { stateOf } from "../../lib/rebalance/states.js";
import { cruiseControlAddress } from "../../sidecar/rebalance/connections.js";
import { startSidecar, type Sidecar, type SidecarOptions } from "../../sidecar/sidecar.js";
import { withCruiseControl } from "../helpers/cruise-control-bed.js";
import { FakeApiServer } from "../helpers/fake-apiserver.js";
import { FakeAvailability } from "../helpers/fake-availability.js";
import type { FakeCruiseControl } from "../helpers/fake-cruise-control.js";
import { NAMESPACE } from "../helpers/requests.js";
import { LEASE_NAMESPACE, until } from "../helpers/sidecar-harness.js";

const NOW = new Date("2026-12-06T20:10:00.000Z");
const CLUSTER = { namespace: NAMESPACE, name: "my-cluster" };

interface Bed {
  server: FakeApiServer;
  cruiseControl: FakeCruiseControl;
  start(identity: string, overrides?: Partial<SidecarOptions>): Promise<Sidecar>;
}

async function bed(t: Test): Promise<Bed> {
  const server = await FakeApiServer.start();
  const { cruiseControl, address } = await withCruiseControl(server, CLUSTER);
  const sidecars: Sidecar[] = [];
  t.teardown(async () => {
    for (const sidecar of sidecars) await sidecar.stop();
    await cruiseControl.stop();
    await server.stop();
  });
  return {
    server,
    cruiseControl,
    async start(identity, overrides = {}) {
      const sidecar = await startSidecar({
        kubeConfig: server.kubeConfig(identity),
        namespaces: [NAMESPACE],
        leaseNamespace: LEASE_NAMESPACE,
        identity,
        availability: new FakeAvailability().factory,
        logger: pino({ level: "silent" }),
        leaderElection: { leaseDurationMs: 10_000, renewDeadlineMs: 8000, retryPeriodMs: 50 },
        resyncIntervalMs: 200,
        retryBaseMs: 50,
        rebalancePollIntervalMs: 50,
        clock: () => NOW,
        cruiseControlAddress: address,
        ...overrides,
      });
      sidecars.push(sidecar);
      return sidecar;
    },
  };
}

interface StoredRebalance {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace: string; labels?: Record<string, string>; annotations?: Record<string, string>; uid?: string };
  spec: object;
  status?: KafkaRebalanceStatus;
}

const get = (server: FakeApiServer, name = "my-rebalance"): StoredRebalance | undefined =>
  server.get<StoredRebalance>("kafka.strimzi.io/v1", "KafkaRebalance", NAMESPACE, name);

const acting = (server: FakeApiServer): boolean => get(server)?.metadata.annotations?.["strimzi.io/rebalance"] !== undefined;

function apply(server: FakeApiServer, annotations: Record<string, string> = {}, name = "my-rebalance", cluster = CLUSTER.name): void {
  const current = get(server, name);
  server.put({
    apiVersion: "kafka.strimzi.io/v1", kind: "KafkaRebalance",
    metadata: { ...current?.metadata, name, namespace: NAMESPACE, labels: { "strimzi.io/cluster": cluster }, annotations: { ...current?.metadata.annotations, ...annotations } },
    spec: {},
    ...(current?.status ? { status: current.status } : {}),
  });
}

const stateIs = (server: FakeApiServer, state: string, name = "my-rebalance") => (): boolean => stateOf(get(server, name)?.status ?? { conditions: [] }) === state;

/** KafkaRebalance reconciles the sidecar has finished, from its /metrics. */
async function reconciles(sidecar: Sidecar): Promise<number> {
  const line = (await sidecar.metrics()).split("\n").find((l) => l.startsWith('kafka_hooks_sidecar_reconciles_total{reconciler="rebalances",result="success"}'));
  return Number(line?.split(" ").pop() ?? 0);
}

/** Waits (polling, with a deadline) until the sidecar has finished `count` KafkaRebalance reconciles. */
async function reconciled(sidecar: Sidecar, count: number): Promise<void> {
  const deadline = Date.now() + 20_000;
  while ((await reconciles(sidecar)) < count) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${count} KafkaRebalance reconciles`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const posts = (cruiseControl: FakeCruiseControl): string[] => cruiseControl.requests.filter((r) => r.startsWith("POST"));
const DRY_RUN = "POST /kafkacruisecontrol/rebalance?json=true&dryrun=true&verbose=true&skip_hard_goal_check=false&rebalance_disk=false";
const RUN = "POST /kafkacruisecontrol/rebalance?json=true&dryrun=false&verbose=true&skip_hard_goal_check=false&rebalance_disk=false";

t.test("a proposal, approved by the annotation a Git repository holds, executed to Ready; applied again it triggers nothing", async (t) => {
  const { server, cruiseControl, start } = await bed(t);
  const sidecar = await start("sidecar-a");
  apply(server);
  await until("ProposalReady", stateIs(server, "ProposalReady"));
  const proposed = get(server);
  const sessionId = proposed?.status?.sessionId ?? "";
  t.equal(sessionId, "00000000-0000-0000-0000-000000000001");
  t.equal(proposed?.status?.optimizationResult?.afterBeforeLoadConfigMap, "my-rebalance");
  const configMap = server.get<{ metadata: { labels: Record<string, string>; ownerReferences: Array<{ kind: string; name: string; uid: string }> }; data: Record<string, string> }>("v1", "ConfigMap", NAMESPACE, "my-rebalance");
  t.strictSame(configMap?.metadata.ownerReferences.map((o) => [o.kind, o.name, o.uid]), [["KafkaRebalance", "my-rebalance", proposed?.metadata.uid]]);
  t.equal(configMap?.metadata.labels["strimzi.io/kind"], "KafkaRebalance");
  t.strictSame(Object.keys(configMap?.data ?? {}).sort(), ["brokerLoad.json", "completedByteMovementPercentage"]);

  apply(server, { "kafka-hooks.io/approve-proposal": sessionId });
  await until("Rebalancing", stateIs(server, "Rebalancing"));
  await until("the progress in the ConfigMap", () => server.get<{ data: Record<string, string> }>("v1", "ConfigMap", NAMESPACE, "my-rebalance")?.data.completedByteMovementPercentage === "20");
  t.equal(server.get<{ data: Record<string, string> }>("v1", "ConfigMap", NAMESPACE, "my-rebalance")?.data.estimatedTimeToCompletionInMinutes, "40");
  cruiseControl.finishExecution();
  await until("Ready", stateIs(server, "Ready"));
  t.equal(get(server)?.metadata.annotations?.["kafka-hooks.io/approve-proposal"], sessionId, "our approval is never removed");
  t.strictSame(posts(cruiseControl), [DRY_RUN, RUN]);

  // Argo CD or Flux applies the same manifest again, annotation and all.
  apply(server, { "kafka-hooks.io/approve-proposal": sessionId, "argocd.argoproj.io/tracking-id": "kafka:kafka.strimzi.io/KafkaRebalance:myproject/my-rebalance" });
  await reconciled(sidecar, (await reconciles(sidecar)) + 3);
  t.strictSame(posts(cruiseControl), [DRY_RUN, RUN], "nothing asked of Cruise Control again");
  t.equal(stateOf(get(server)?.status), "Ready");
});

t.test("Strimzi's approve annotation is acted on once and removed", async (t) => {
  const { server, cruiseControl, start } = await bed(t);
  await start("sidecar-a");
  apply(server);
  await until("ProposalReady", stateIs(server, "ProposalReady"));
  apply(server, { "strimzi.io/rebalance": "approve" });
  await until("Rebalancing and the annotation gone", () => stateIs(server, "Rebalancing")() && get(server)?.metadata.annotations?.["strimzi.io/rebalance"] === undefined);
  t.strictSame(posts(cruiseControl), [DRY_RUN, RUN]);
  const patches = server.writes.filter((w) => w.resource === "kafkarebalances" && w.verb === "patch");
  t.equal(patches.length, 1, "one patch: the annotation's removal");
});

t.test("a new sidecar takes up every state from the status alone", async (t) => {
  const { server, cruiseControl, start } = await bed(t);
  cruiseControl.proposalsTakeTime = true;
  let sidecar = await start("sidecar-1");
  let generation = 1;
  /** The sidecar stops; `meanwhile` happens while none runs; a new one takes over. */
  const takeOver = async (meanwhile: () => void = () => undefined): Promise<void> => {
    await sidecar.stop();
    meanwhile();
    generation++;
    sidecar = await start(`sidecar-${generation}`);
    await until(`sidecar-${generation} leading`, () => sidecar.isLeader());
  };

  apply(server);
  await until("PendingProposal", stateIs(server, "PendingProposal"));
  const proposal = get(server)?.status?.sessionId;
  await takeOver(() => cruiseControl.finishProposals());
  await until("ProposalReady from the task the status names", stateIs(server, "ProposalReady"));
  t.equal(get(server)?.status?.sessionId, proposal, "the same proposal: no new one asked for");
  t.strictSame(posts(cruiseControl), [DRY_RUN]);

  await takeOver();
  t.strictSame(posts(cruiseControl), [DRY_RUN], "ProposalReady: nothing asked");
  apply(server, { "strimzi.io/rebalance": "approve" });
  await until("Rebalancing", stateIs(server, "Rebalancing"));
  const execution = get(server)?.status?.sessionId;
  await takeOver(() => cruiseControl.finishExecution());
  await until("Ready, from the execution's task", stateIs(server, "Ready"));
  t.ok(execution && cruiseControl.requests.includes(`GET /kafkacruisecontrol/user_tasks?json=true&fetch_completed_task=true&user_task_ids=${execution}`));
  t.strictSame(posts(cruiseControl), [DRY_RUN, RUN], "not executed twice");

  await takeOver();
  const readyStatus = get(server)?.status;
  apply(server, { "strimzi.io/rebalance": "refresh" });
  await until("a new proposal", () => get(server)?.status?.sessionId !== undefined && get(server)?.status?.sessionId !== proposal && stateIs(server, "PendingProposal")());
  t.not(get(server)?.status, readyStatus);
  apply(server, { "strimzi.io/rebalance": "stop" });
  await until("Stopped, the annotation acted on removed", () => stateIs(server, "Stopped")() && !acting(server));
  await takeOver();
  t.equal(stateOf(get(server)?.status), "Stopped");

  cruiseControl.failAll = "BadGoals";
  apply(server, { "strimzi.io/rebalance": "refresh" });
  // A sidecar stopped between the status and the annotation's removal would leave the refresh for the next to act on.
  await until("NotReady, the annotation acted on removed", () => stateIs(server, "NotReady")() && !acting(server));
  const postsAtNotReady = posts(cruiseControl).length;
  await takeOver();
  t.equal(stateOf(get(server)?.status), "NotReady");
  t.equal(posts(cruiseControl).length, postsAtNotReady, "NotReady for a bad request: not asked again until refreshed");
});

t.test("Cruise Control restarted mid-execution: a new proposal, reviewed again (Strimzi's answer to #10091)", async (t) => {
  const { server, cruiseControl, start } = await bed(t);
  await start("sidecar-a");
  apply(server);
  await until("ProposalReady", stateIs(server, "ProposalReady"));
  const first = get(server)?.status?.sessionId ?? "";
  apply(server, { "kafka-hooks.io/approve-proposal": first });
  await until("Rebalancing", stateIs(server, "Rebalancing"));
  cruiseControl.restart();
  await until("a new proposal", () => stateIs(server, "ProposalReady")() && get(server)?.status?.sessionId !== first);
  t.strictSame(posts(cruiseControl), [DRY_RUN, RUN, DRY_RUN]);
  t.notOk(cruiseControl.isExecuting(), "the approval of the old proposal does not execute the new one");
});

t.test("an unresponsive Cruise Control holds up only its own cluster's rebalances", async (t) => {
  const { server, start } = await bed(t);
  // The other cluster's Cruise Control accepts connections and never answers.
  const sockets: Socket[] = [];
  const silent: Server = createServer((socket) => sockets.push(socket));
  await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
  t.teardown(() => {
    for (const socket of sockets) socket.destroy();
    silent.close();
  });
  const silentPort = (silent.address() as { port: number }).port;
  const other = { namespace: NAMESPACE, name: "other-cluster" };
  // Its Secrets and Kafka, but the silent server in its place.
  await (await withCruiseControl(server, other)).cruiseControl.stop();
  const working = await withCruiseControl(server, CLUSTER);
  t.teardown(() => working.cruiseControl.stop());
  await start("sidecar-a", {
    cruiseControlTimeoutMs: 3000,
    cruiseControlAddress: (key) => (key.name === other.name ? { host: "127.0.0.1", port: silentPort, servername: cruiseControlAddress(other).host } : working.address(key)),
  });
  apply(server, {}, "stuck", other.name);
  await until("the stuck request sent", () => sockets.length > 0);
  const sent = Date.now();
  apply(server, {}, "my-rebalance");
  await until("the other cluster's rebalance ProposalReady", stateIs(server, "ProposalReady", "my-rebalance"));
  t.ok(Date.now() - sent < 3000, "before the stuck request's deadline");
  t.equal(get(server, "stuck")?.status, undefined);
  await until("the stuck one NotReady at its deadline", stateIs(server, "NotReady", "stuck"));
  t.match(get(server, "stuck")?.status?.conditions?.[0], { reason: "StrimziTimeoutException", message: "The timeout period of 3000ms has been exceeded while executing POST" });
});
