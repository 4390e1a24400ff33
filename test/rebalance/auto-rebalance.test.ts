// Auto-rebalancing on scale, the pure step (lib/rebalance/auto-rebalance.ts): every
// transition of Strimzi's KafkaAutoRebalancingReconciler, with exact actions and status.
import t from "tap";
import type { KafkaRebalance } from "../../lib/api/kafka-rebalance.js";
import { autoRebalanceStep, type AutoRebalanceInput, type AutoRebalanceStatus } from "../../lib/rebalance/auto-rebalance.js";

const NOW = new Date("2026-12-06T12:00:00.000Z");
const EARLIER = "2026-12-06T11:00:00.000Z";

const TEMPLATE: KafkaRebalance = {
  apiVersion: "kafka.strimzi.io/v1", kind: "KafkaRebalance",
  metadata: { name: "my-add-remove-brokers-rebalancing-template", namespace: "myproject", annotations: { "strimzi.io/rebalance-template": "true" } },
  spec: { goals: ["CpuCapacityGoal", "NetworkInboundCapacityGoal"], skipHardGoalCheck: true },
};

/** The rebalance a state runs, in a Strimzi state (the True condition). */
function running(mode: "add-brokers" | "remove-brokers", brokers: number[], state: string | undefined): KafkaRebalance {
  return {
    apiVersion: "kafka.strimzi.io/v1", kind: "KafkaRebalance",
    metadata: { name: `my-cluster-auto-rebalancing-${mode}`, namespace: "myproject" },
    spec: { mode, brokers },
    ...(state === undefined ? {} : { status: { conditions: [{ type: state, status: "True" }] } }),
  };
}

function input(over: Partial<AutoRebalanceInput>, ...rebalances: KafkaRebalance[]): AutoRebalanceInput {
  return {
    cluster: "my-cluster", namespace: "myproject",
    configurations: [{ mode: "add-brokers", template: { name: TEMPLATE.metadata.name } }, { mode: "remove-brokers" }],
    rebalances: new Map([TEMPLATE, ...rebalances].map((r) => [r.metadata.name, r])),
    status: undefined, blocked: [], added: [], now: NOW,
    ...over,
  };
}

const status = (state: AutoRebalanceStatus["state"], modes?: AutoRebalanceStatus["modes"]): AutoRebalanceStatus =>
  ({ state, lastTransitionTime: EARLIER, ...(modes ? { modes } : {}) });

const created = (mode: "add-brokers" | "remove-brokers", brokers: number[], fromTemplate: boolean) => ({
  action: "create",
  rebalance: {
    apiVersion: "kafka.strimzi.io/v1", kind: "KafkaRebalance",
    metadata: {
      name: `my-cluster-auto-rebalancing-${mode}`, namespace: "myproject", labels: { "strimzi.io/cluster": "my-cluster" },
      annotations: { "strimzi.io/rebalance-auto-approval": "true" }, finalizers: ["strimzi.io/auto-rebalancing"],
    },
    spec: { ...(fromTemplate ? TEMPLATE.spec : {}), mode, brokers },
  },
});

t.test("Idle: nothing to do, an add-brokers rebalance from the template, remove-brokers before add-brokers", async (t) => {
  t.same(autoRebalanceStep(input({})), { ok: true, actions: [], status: { state: "Idle", lastTransitionTime: NOW.toISOString() } }, "no status yet: Idle since now");
  t.same(autoRebalanceStep(input({ status: status("Idle") })), { ok: true, actions: [], status: status("Idle") }, "the time stays");
  t.same(autoRebalanceStep(input({ status: status("Idle"), added: [5, 3] })), {
    ok: true, actions: [created("add-brokers", [3, 5], true)],
    status: { state: "RebalanceOnScaleUp", lastTransitionTime: NOW.toISOString(), modes: [{ mode: "add-brokers", brokers: [3, 5] }] },
  });
  t.same(autoRebalanceStep(input({ status: status("Idle"), added: [5], blocked: [2] })), {
    ok: true, actions: [created("remove-brokers", [2], false)],
    status: { state: "RebalanceOnScaleDown", lastTransitionTime: NOW.toISOString(), modes: [{ mode: "remove-brokers", brokers: [2] }, { mode: "add-brokers", brokers: [5] }] },
  }, "no template for remove-brokers: Cruise Control's defaults");
});

t.test("Idle: a template that does not exist skips the rebalance; a mode not configured fails", async (t) => {
  const missing = input({ status: status("Idle"), added: [3] });
  missing.rebalances = new Map();
  t.same(autoRebalanceStep(missing), { ok: true, actions: [], status: { state: "Idle", lastTransitionTime: EARLIER } });
  t.same(autoRebalanceStep(input({ status: status("Idle"), blocked: [2], configurations: [{ mode: "add-brokers" }] })),
    { ok: false, error: "No auto-rebalancing configuration specified for mode remove-brokers" });
});

t.test("RebalanceOnScaleDown: wait while in flight, refresh on other brokers, on Ready delete and go Idle or on to add-brokers, on NotReady give up", async (t) => {
  const down = status("RebalanceOnScaleDown", [{ mode: "remove-brokers", brokers: [2] }]);
  for (const state of ["New", "PendingProposal", "ProposalReady", "Rebalancing"]) {
    t.same(autoRebalanceStep(input({ status: down, blocked: [2] }, running("remove-brokers", [2], state))), { ok: true, actions: [], status: down }, state);
  }
  t.same(autoRebalanceStep(input({ status: down, blocked: [2], added: [7] }, running("remove-brokers", [2], "Rebalancing"))), {
    ok: true, actions: [],
    status: { state: "RebalanceOnScaleDown", lastTransitionTime: NOW.toISOString(), modes: [{ mode: "remove-brokers", brokers: [2] }, { mode: "add-brokers", brokers: [7] }] },
  }, "a broker added meanwhile is queued");
  t.same(autoRebalanceStep(input({ status: down, blocked: [1, 2] }, running("remove-brokers", [2], "PendingProposal"))), {
    ok: true, actions: [{ action: "refresh", name: "my-cluster-auto-rebalancing-remove-brokers", brokers: [1, 2] }],
    status: { state: "RebalanceOnScaleDown", lastTransitionTime: NOW.toISOString(), modes: [{ mode: "remove-brokers", brokers: [1, 2] }] },
  });
  t.same(autoRebalanceStep(input({ status: down, blocked: [2] }, running("remove-brokers", [2], "Ready"))), {
    ok: true, actions: [{ action: "delete", name: "my-cluster-auto-rebalancing-remove-brokers" }], status: { state: "Idle", lastTransitionTime: NOW.toISOString() },
  }, "the brokers are empty: the scale-down check lets them go");
  const queuedUp = status("RebalanceOnScaleDown", [{ mode: "remove-brokers", brokers: [2] }, { mode: "add-brokers", brokers: [7] }]);
  t.same(autoRebalanceStep(input({ status: queuedUp, blocked: [] }, running("remove-brokers", [2], "Ready"))), {
    ok: true, actions: [{ action: "delete", name: "my-cluster-auto-rebalancing-remove-brokers" }, created("add-brokers", [7], true)],
    status: { state: "RebalanceOnScaleUp", lastTransitionTime: NOW.toISOString(), modes: [{ mode: "add-brokers", brokers: [7] }] },
  });
  t.same(autoRebalanceStep(input({ status: down, blocked: [2] }, running("remove-brokers", [2], "NotReady"))), {
    ok: true, actions: [{ action: "delete", name: "my-cluster-auto-rebalancing-remove-brokers" }], status: { state: "Idle", lastTransitionTime: NOW.toISOString() },
  });
  t.same(autoRebalanceStep(input({ status: down, blocked: [2] }, running("remove-brokers", [2], "Stopped"))), { ok: false, error: "Unexpected state Stopped" });
  t.same(autoRebalanceStep(input({ status: down, blocked: [2] })), {
    ok: true, actions: [created("remove-brokers", [2], false)], status: down,
  }, "its rebalance gone (deleted by hand): created again from the queue");
});

t.test("RebalanceOnScaleUp: refresh on more brokers, stop for a scale-down, on Ready delete, on NotReady go Idle keeping the queue", async (t) => {
  const up = status("RebalanceOnScaleUp", [{ mode: "add-brokers", brokers: [3] }]);
  t.same(autoRebalanceStep(input({ status: up }, running("add-brokers", [3], "Rebalancing"))), { ok: true, actions: [], status: up });
  t.same(autoRebalanceStep(input({ status: up, added: [4] }, running("add-brokers", [3], "ProposalReady"))), {
    ok: true, actions: [{ action: "refresh", name: "my-cluster-auto-rebalancing-add-brokers", brokers: [3, 4] }],
    status: { state: "RebalanceOnScaleUp", lastTransitionTime: NOW.toISOString(), modes: [{ mode: "add-brokers", brokers: [3, 4] }] },
  });
  t.same(autoRebalanceStep(input({ status: up, blocked: [3] }, running("add-brokers", [3], "Rebalancing"))), {
    ok: true,
    actions: [{ action: "stop", name: "my-cluster-auto-rebalancing-add-brokers" }, { action: "delete", name: "my-cluster-auto-rebalancing-add-brokers" }, created("remove-brokers", [3], false)],
    status: { state: "RebalanceOnScaleDown", lastTransitionTime: NOW.toISOString(), modes: [{ mode: "remove-brokers", brokers: [3] }] },
  }, "the added broker removed again: nothing left to add afterwards");
  t.same(autoRebalanceStep(input({ status: up }, running("add-brokers", [3], "Ready"))), {
    ok: true, actions: [{ action: "delete", name: "my-cluster-auto-rebalancing-add-brokers" }], status: { state: "Idle", lastTransitionTime: NOW.toISOString() },
  });
  t.same(autoRebalanceStep(input({ status: up, blocked: [1] }, running("add-brokers", [3], "Ready"))), {
    ok: true, actions: [{ action: "delete", name: "my-cluster-auto-rebalancing-add-brokers" }, created("remove-brokers", [1], false)],
    status: { state: "RebalanceOnScaleDown", lastTransitionTime: NOW.toISOString(), modes: [{ mode: "remove-brokers", brokers: [1] }, { mode: "add-brokers", brokers: [3] }] },
  });
  t.same(autoRebalanceStep(input({ status: up }, running("add-brokers", [3], "NotReady"))), {
    ok: true, actions: [{ action: "delete", name: "my-cluster-auto-rebalancing-add-brokers" }],
    status: { state: "Idle", lastTransitionTime: NOW.toISOString(), modes: [{ mode: "add-brokers", brokers: [3] }] },
  }, "Cruise Control may not know the broker yet: the next pass starts it again from Idle");
  t.same(autoRebalanceStep(input({ status: status("Idle", [{ mode: "add-brokers", brokers: [3] }]) })), {
    ok: true, actions: [created("add-brokers", [3], true)],
    status: { state: "RebalanceOnScaleUp", lastTransitionTime: NOW.toISOString(), modes: [{ mode: "add-brokers", brokers: [3] }] },
  });
});
