import t from "tap";
import type { RestartReason } from "../../../lib/roller/restart-reasons.js";
import { planRoll, type PodState, type RollInput, type RollNode } from "../../../lib/roller/roll-plan.js";

const NOW = new Date("2026-11-24T12:00:00.000Z");

function node(nodeId: number, roles: "controller" | "broker" | "dual", state: PodState = "ready", reasons: RestartReason[] = []): RollNode {
  const pool = roles === "dual" ? "dual-role" : roles;
  return {
    pod: `my-cluster-${pool}-${nodeId}`,
    podSet: `my-cluster-${pool}`,
    nodeId,
    controller: roles !== "broker",
    broker: roles !== "controller",
    state,
    reasons,
  };
}

const CONFIG: RestartReason[] = ["CONFIG_CHANGE_REQUIRES_RESTART"];
const CERT: RestartReason[] = ["CA_CERT_HAS_OLD_GENERATION"];

const input = (nodes: RollNode[], extra: Partial<RollInput> = {}): RollInput => ({ nodes, now: NOW, readinessTimeoutMs: 300_000, activeController: 1, ...extra });

/** 3 controllers (0-2) and 3 brokers (3-5), each with its reasons. */
function cluster(reasons: (id: number) => RestartReason[], state: (id: number) => PodState = () => "ready"): RollNode[] {
  return [0, 1, 2, 3, 4, 5].map((id) => node(id, id < 3 ? "controller" : "broker", state(id), reasons(id)));
}

t.test("nothing to restart", async (t) => {
  t.strictSame(planRoll(input(cluster(() => []))), { action: "none" });
});

t.test("controllers first, the active controller last, then brokers", async (t) => {
  t.strictSame(planRoll(input(cluster(() => CONFIG))), {
    action: "restart",
    pending: ["my-cluster-controller-0", "my-cluster-controller-2", "my-cluster-controller-1", "my-cluster-broker-3", "my-cluster-broker-4", "my-cluster-broker-5"],
    candidates: [
      { pod: "my-cluster-controller-0", podSet: "my-cluster-controller", nodeId: 0, reasons: CONFIG, checks: ["controller"] },
      { pod: "my-cluster-controller-2", podSet: "my-cluster-controller", nodeId: 2, reasons: CONFIG, checks: ["controller"] },
    ],
  });
  t.strictSame(planRoll(input(cluster((id) => (id === 1 || id > 2 ? CONFIG : [])))), {
    action: "restart",
    pending: ["my-cluster-controller-1", "my-cluster-broker-3", "my-cluster-broker-4", "my-cluster-broker-5"],
    candidates: [{ pod: "my-cluster-controller-1", podSet: "my-cluster-controller", nodeId: 1, reasons: CONFIG, checks: ["controller"] }],
  });
  t.strictSame(planRoll(input(cluster((id) => (id > 3 ? CONFIG : [])))), {
    action: "restart",
    pending: ["my-cluster-broker-4", "my-cluster-broker-5"],
    candidates: [
      { pod: "my-cluster-broker-4", podSet: "my-cluster-broker", nodeId: 4, reasons: CONFIG, checks: ["broker"] },
      { pod: "my-cluster-broker-5", podSet: "my-cluster-broker", nodeId: 5, reasons: CONFIG, checks: ["broker"] },
    ],
  });
});

t.test("without a known active controller, controllers go by node id", async (t) => {
  const plan = planRoll(input(cluster((id) => (id < 3 ? CONFIG : [])), { activeController: undefined }));
  t.strictSame(plan.action === "restart" ? plan.candidates.map((c) => c.pod) : plan, ["my-cluster-controller-0", "my-cluster-controller-1", "my-cluster-controller-2"]);
});

t.test("dual-role nodes go after controller-only nodes, with both checks", async (t) => {
  const nodes = [node(0, "controller", "ready", CONFIG), node(7, "broker", "ready", CONFIG), node(3, "dual", "ready", CONFIG), node(4, "dual", "ready", CONFIG)];
  t.strictSame(planRoll(input(nodes, { activeController: 4 })), {
    action: "restart",
    pending: ["my-cluster-controller-0", "my-cluster-dual-role-3", "my-cluster-dual-role-4", "my-cluster-broker-7"],
    candidates: [
      { pod: "my-cluster-controller-0", podSet: "my-cluster-controller", nodeId: 0, reasons: CONFIG, checks: ["controller"] },
      { pod: "my-cluster-dual-role-3", podSet: "my-cluster-dual-role", nodeId: 3, reasons: CONFIG, checks: ["controller", "broker"] },
    ],
  });
});

t.test("an unready pod that needs a restart goes first, without availability checks", async (t) => {
  t.strictSame(planRoll(input(cluster(() => CONFIG, (id) => (id === 4 ? "unready" : "ready")))), {
    action: "restart",
    pending: ["my-cluster-broker-4", "my-cluster-controller-0", "my-cluster-controller-2", "my-cluster-controller-1", "my-cluster-broker-3", "my-cluster-broker-5"],
    candidates: [{ pod: "my-cluster-broker-4", podSet: "my-cluster-broker", nodeId: 4, reasons: CONFIG, checks: [] }],
  });
});

t.test("no ready pod is restarted while another pod is not ready", async (t) => {
  t.strictSame(planRoll(input(cluster((id) => (id === 3 ? CONFIG : []), (id) => (id === 4 ? "unready" : "ready")))), {
    action: "wait",
    pending: ["my-cluster-broker-3"],
    next: "my-cluster-broker-3",
    reason: "PodNotReady",
    message: "no pod is restarted while my-cluster-broker-4 is not ready",
  });
});

t.test("a pod being deleted or not created yet holds the roll", async (t) => {
  t.strictSame(planRoll(input(cluster((id) => (id > 3 ? CONFIG : []), (id) => (id === 3 ? "terminating" : "ready")))), {
    action: "wait",
    pending: ["my-cluster-broker-4", "my-cluster-broker-5"],
    next: "my-cluster-broker-4",
    reason: "PodRestarting",
    message: "waiting for my-cluster-broker-3 to be deleted and created again",
  });
  const plan = planRoll(input(cluster((id) => (id > 3 ? CONFIG : []), (id) => (id === 3 ? "missing" : "ready"))));
  t.equal(plan.action === "wait" ? plan.message : "", "waiting for my-cluster-broker-3 to be created");
});

t.test("a restarted pod gets time to become ready before the next unready pod", async (t) => {
  const nodes = cluster((id) => (id === 5 ? CONFIG : []), (id) => (id === 4 || id === 5 ? "unready" : "ready"));
  const lastRestart = { pod: "my-cluster-broker-4", at: "2026-11-24T11:58:00.000Z" };
  t.strictSame(planRoll(input(nodes, { lastRestart })), {
    action: "wait",
    pending: ["my-cluster-broker-5"],
    next: "my-cluster-broker-5",
    reason: "AwaitingReadiness",
    message: "waiting for my-cluster-broker-4, restarted at 2026-11-24T11:58:00.000Z, to become ready",
    since: "2026-11-24T11:58:00.000Z",
  });
  const later = planRoll(input(nodes, { lastRestart, readinessTimeoutMs: 60_000 }));
  t.strictSame(later.action === "restart" ? later.candidates.map((c) => c.pod) : later, ["my-cluster-broker-5"]);
});

t.test("a group restarted together is awaited as a whole; a wait for the roller's own restart began with it", async (t) => {
  const nodes = cluster((id) => (id === 5 ? CONFIG : []), (id) => (id === 4 ? "unready" : id === 3 ? "missing" : "ready"));
  const lastRestart = { pod: "my-cluster-broker-3", at: "2026-11-24T11:58:00.000Z", group: ["my-cluster-broker-3", "my-cluster-broker-4"] };
  t.strictSame(planRoll(input(nodes, { lastRestart })), {
    action: "wait",
    pending: ["my-cluster-broker-5"],
    next: "my-cluster-broker-5",
    reason: "PodRestarting",
    message: "waiting for my-cluster-broker-3 to be created",
    since: "2026-11-24T11:58:00.000Z",
  });
  const created = cluster((id) => (id === 5 ? CONFIG : []), (id) => (id === 3 || id === 4 ? "unready" : "ready"));
  t.strictSame(planRoll(input(created, { lastRestart })), {
    action: "wait",
    pending: ["my-cluster-broker-5"],
    next: "my-cluster-broker-5",
    reason: "AwaitingReadiness",
    message: "waiting for my-cluster-broker-3, my-cluster-broker-4, restarted at 2026-11-24T11:58:00.000Z, to become ready",
    since: "2026-11-24T11:58:00.000Z",
  });
  t.strictSame(planRoll(input(created, { lastRestart, readinessTimeoutMs: 60_000 })), {
    action: "wait",
    pending: ["my-cluster-broker-5"],
    next: "my-cluster-broker-5",
    reason: "PodNotReady",
    message: "no pod is restarted while my-cluster-broker-3, my-cluster-broker-4 are not ready",
    since: "2026-11-24T11:58:00.000Z",
  }, "past the readiness timeout, the wait still counts from the restart");
  const other = planRoll(input(cluster((id) => (id === 5 ? CONFIG : []), (id) => (id === 2 ? "unready" : "ready")), { lastRestart }));
  t.strictSame(other.action === "wait" ? [other.reason, other.since] : other, ["PodNotReady", undefined], "a pod the roller did not restart: the caller knows since when");
});

t.test("certificate-only restarts wait for a maintenance window; others do not", async (t) => {
  const windows = ["* * 0-1 ? * *"];
  t.strictSame(planRoll(input(cluster((id) => (id === 0 || id === 4 ? CERT : [])), { maintenanceTimeWindows: windows })), {
    action: "wait",
    pending: ["my-cluster-controller-0", "my-cluster-broker-4"],
    reason: "OutsideMaintenanceWindow",
    message: "my-cluster-controller-0, my-cluster-broker-4 wait for a maintenance time window to restart for new certificates; the next one opens at 2026-11-25T00:00:00.000Z",
    until: "2026-11-25T00:00:00.000Z",
  });
  const mixed = planRoll(input(cluster((id) => (id === 0 ? CERT : id === 4 ? [...CONFIG, ...CERT] : [])), { maintenanceTimeWindows: windows }));
  t.strictSame(mixed.action === "restart" ? mixed.candidates.map((c) => c.pod) : mixed, ["my-cluster-broker-4"]);
  const inWindow = planRoll(input(cluster((id) => (id === 0 ? CERT : [])), { maintenanceTimeWindows: windows, now: new Date("2026-11-24T01:30:00Z") }));
  t.strictSame(inWindow.action === "restart" ? inWindow.candidates.map((c) => c.pod) : inWindow, ["my-cluster-controller-0"]);
  t.strictSame(planRoll(input(cluster((id) => (id === 0 ? CERT : [])))).action, "restart", "no windows: any time");
});

t.test("unreadable windows are named in the waiting message", async (t) => {
  const plan = planRoll(input(cluster((id) => (id === 0 ? CERT : [])), { maintenanceTimeWindows: ["0 0 1 * * MON"] }));
  t.strictSame(plan.action === "wait" ? plan.message : plan,
    "my-cluster-controller-0 waits for a maintenance time window to restart for new certificates; none opens within the next four years (ignored: \"0 0 1 * * MON\": exactly one of day-of-month and day-of-week must be \"?\")");
});
