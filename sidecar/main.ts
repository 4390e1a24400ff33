// Entry point of the sidecar container (same image as the hooks):
// `node dist/sidecar/main.js`. Configuration comes from the environment:
//   WATCH_NAMESPACES  comma-separated namespaces to watch; all when unset or empty
//   POD_NAMESPACE     the sidecar's namespace, where its Lease lives (downward API)
//   POD_NAME          this replica's identity in the Lease and in Events (downward API)
//   HOOKS_SERVICE     the hooks' Service in POD_NAMESPACE: keep its serving certificate in the
//                     Secrets kafka-hooks-ca and kafka-hooks-tls; unset, no certificate is kept
//   HEALTH_PORT       port of /healthz and /metrics (default 8081)
//   LOG_LEVEL         pino level (default info)
import { hostname } from "node:os";
import { pino } from "pino";
import { loggerOptions } from "../lib/log-redaction.js";
import { kafkaAvailabilityFactory } from "./kafka/availability.js";
import { DEFAULT_HEALTH_PORT } from "./health.js";
import { KubeConfig } from "./kube/config.js";
import { startSidecar } from "./sidecar.js";
import { CRUISE_CONTROL_EXTRAS_IMAGE_ENV, cruiseControlGate } from "../lib/operands/cruise-control/gate.js";

const logger = pino(loggerOptions(process.env.LOG_LEVEL ?? "info"));

const namespaces = (process.env.WATCH_NAMESPACES ?? "").split(",").map((n) => n.trim()).filter((n) => n !== "");
const leaseNamespace = process.env.POD_NAMESPACE;
if (!leaseNamespace) {
  logger.fatal("POD_NAMESPACE is not set: the sidecar needs its namespace for its Lease");
  process.exit(1);
}

const kubeConfig = new KubeConfig();
try {
  kubeConfig.loadFromDefault();
} catch (error) {
  logger.fatal({ err: error }, "cannot read the kubeconfig");
  process.exit(1);
}

startSidecar({
  kubeConfig,
  namespaces: namespaces.length > 0 ? namespaces : undefined,
  leaseNamespace,
  identity: process.env.POD_NAME ?? hostname(),
  ...(process.env.HOOKS_SERVICE ? { hooksTls: { service: { name: process.env.HOOKS_SERVICE, namespace: leaseNamespace } } } : {}),
  availability: kafkaAvailabilityFactory(),
  logger,
  healthPort: Number(process.env.HEALTH_PORT ?? DEFAULT_HEALTH_PORT),
  // The same variable as the hooks' container: both must agree on whether Cruise Control runs.
  cruiseControlGateOn: cruiseControlGate(process.env[CRUISE_CONTROL_EXTRAS_IMAGE_ENV]).on,
}).then((sidecar) => {
  logger.info({ namespaces: namespaces.length > 0 ? namespaces : "all", healthPort: sidecar.healthPort }, "sidecar started");
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      logger.info({ signal }, "stopping");
      sidecar.stop().then(() => process.exit(0), (error: unknown) => {
        logger.error({ err: error }, "cannot stop cleanly");
        process.exit(1);
      });
    });
  }
}, (error: unknown) => {
  logger.fatal({ err: error }, "cannot start the sidecar");
  process.exit(1);
});
