// The roll forecast as `render --observed` reports it: a short text for people
// (stderr, a pull request comment) and a YAML document for tools (`--restarts`).
import type { RollForecast } from "./forecast.js";
import type { RestartReason } from "./restart-reasons.js";
import type { RollWait } from "./roll-status.js";

export interface RestartReport {
  kind: "Restarts";
  /** The Kafka: `<namespace>/<name>`. */
  of: string;
  pods: Array<{ pod: string; reasons: RestartReason[]; when: string }>;
  /** Why the roller waits, as it last recorded on the PodSets. */
  waiting?: RollWait;
}

/** `now`, or when the maintenance window the restart waits for opens. */
const whenOf = (postponed: boolean, opens: string | undefined): string =>
  (!postponed ? "now" : opens ? `in the maintenance window opening at ${opens}` : "in a maintenance window (none opens within the next four years)");

export function restartReport(of: string, forecast: RollForecast): RestartReport {
  return {
    kind: "Restarts",
    of,
    pods: forecast.restarts.map((r) => ({ pod: r.pod, reasons: r.reasons, when: whenOf(r.postponed, forecast.windowOpens) })),
    ...(forecast.waiting ? { waiting: forecast.waiting } : {}),
  };
}

export function restartReportText(report: RestartReport): string {
  const count = report.pods.length;
  const head = `${report.of}: ${count === 0 ? "no pod will restart" : `${count} pod${count > 1 ? "s" : ""} will restart`}`;
  const width = Math.max(0, ...report.pods.map((p) => p.pod.length));
  const lines = report.pods.map((p) => `  ${p.pod.padEnd(width)}  ${p.reasons.join(", ") || "out of date"}${p.when === "now" ? "" : ` (${p.when})`}`);
  const wait = report.waiting;
  const waiting = wait ? [`  the roller last reported waiting (${wait.reason}${wait.since ? ` since ${wait.since}` : ""}): ${wait.message}`] : [];
  return [head, ...lines, ...waiting].join("\n") + "\n";
}
