// The User Operator's /metrics: Strimzi's reconciliation metrics under its
// names and labels, ours for the batch steps and the queue.
import t from "tap";
import { userOperatorMetrics } from "../../entity-operator/user-operator/metrics.js";

const LABELS = 'kind="KafkaUser",namespace="myproject",selector="strimzi.io/cluster=my-cluster"';

t.test("a batch, a failed batch, requeues and a periodical reconciliation, as Prometheus reads them", async (t) => {
  const metrics = userOperatorMetrics({ namespace: "myproject", selector: "strimzi.io/cluster=my-cluster" }, () => ({ total: 7, paused: 2, pending: 3 }));
  metrics.batch({ succeeded: 4, failed: 1 }, 0.25);
  metrics.batchFailed(2, 1.5);
  metrics.periodical();
  metrics.alreadyEnqueued();
  metrics.alreadyEnqueued();
  metrics.locked();
  t.equal(await metrics.timed("kafka_write", async () => "done"), "done");
  const text = await metrics.registry.metrics();
  const lines = (prefix: string) => text.split("\n").filter((l) => l.startsWith(prefix) && !l.includes("_bucket"));
  t.strictSame(lines("strimzi_"), [
    `strimzi_resources{${LABELS}} 7`,
    `strimzi_resources_paused{${LABELS}} 2`,
    `strimzi_reconciliations_total{${LABELS}} 7`,
    `strimzi_reconciliations_successful_total{${LABELS}} 4`,
    `strimzi_reconciliations_failed_total{${LABELS}} 3`,
    `strimzi_reconciliations_periodical_total{${LABELS}} 1`,
    `strimzi_reconciliations_duration_seconds_sum{${LABELS}} 1.75`,
    `strimzi_reconciliations_duration_seconds_count{${LABELS}} 2`,
    `strimzi_reconciliations_locked_total{${LABELS}} 1`,
    `strimzi_reconciliations_already_enqueued_total{${LABELS}} 2`,
  ]);
  t.strictSame(lines("kafka_hooks_user_operator_pending_users"), ["kafka_hooks_user_operator_pending_users 3"]);
  t.strictSame(lines('kafka_hooks_user_operator_step_seconds_count{step="kafka_write"}'), ['kafka_hooks_user_operator_step_seconds_count{step="kafka_write"} 1']);
  t.match(text, /^nodejs_eventloop_lag_max_seconds /m, "Node.js's defaults, the event loop's delay among them");
});
