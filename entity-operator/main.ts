// Entry point of the Entity Operator's containers (the hooks' image):
//   node dist/entity-operator/main.js topic-operator   (container topic-operator, port 8080)
//   node dist/entity-operator/main.js user-operator    (container user-operator, port 8081)
// Each reads the environment Strimzi's Cluster Operator gives its container
// (docs/ARCHITECTURE.md, The Entity Operator), serves /healthy, /ready and
// /metrics on its port, and stops cleanly on SIGTERM: the batch under way
// finishes, nothing new starts. Set HEALTH_PORT to move the port (tests),
// LOG_LEVEL for pino's level (info).
import { pino, type Logger } from "pino";
import type { Registry } from "prom-client";
import { loggerOptions } from "../lib/log-redaction.js";
import { KubeConfig } from "../sidecar/kube/config.js";
import { ConfigInvalid, topicOperatorConfig } from "./config.js";
import { startHealthServer } from "./health.js";
import { connectKafka } from "./kafka-connection.js";

/** What main needs of a started operator. */
interface RunningOperator {
  healthy(): boolean;
  ready(): boolean;
  registry: Registry;
  stop(): Promise<void>;
}

type Start = (env: NodeJS.ProcessEnv, logger: Logger) => Promise<RunningOperator>;

/** Read once the env is known to be complete: a missing setting is named before a missing kubeconfig. */
function defaultKubeConfig(): KubeConfig {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromDefault();
  return kubeConfig;
}

// Each mode imports the modules of its own operator only: the other's are resident memory for nothing
// (the User Operator's, about 2 MiB resident, in the Topic Operator's process: docs/BENCHMARKS.md).
const MODES: Record<string, { port: number; start: Start }> = {
  "topic-operator": {
    port: 8080,
    async start(env, logger) {
      const config = topicOperatorConfig(env);
      const [{ startTopicOperator }, { topicCruiseControl }] = await Promise.all([
        import("./topic-operator/topic-operator.js"), import("./topic-operator/cruise-control.js"),
      ]);
      const kubeConfig = defaultKubeConfig();
      const admin = await connectKafka(kubeConfig, config);
      const cruiseControl = config.cruiseControl && topicCruiseControl(config.cruiseControl);
      const operator = await startTopicOperator(config, { kubeConfig, admin, logger, ...(cruiseControl ? { cruiseControl } : {}) });
      return {
        healthy: operator.healthy,
        ready: operator.ready,
        registry: operator.metrics.registry,
        async stop() {
          await operator.stop();
          await admin.close();
        },
      };
    },
  },
  "user-operator": {
    port: 8081,
    async start(env, logger) {
      const [{ parseUserOperatorEnv }, { startUserOperator }] = await Promise.all([import("./user-operator/config.js"), import("./user-operator/user-operator.js")]);
      const config = parseUserOperatorEnv(env);
      const operator = await startUserOperator(config, { kubeConfig: defaultKubeConfig(), logger });
      return { healthy: operator.healthy, ready: operator.ready, registry: operator.metrics.registry, stop: operator.stop };
    },
  },
};

const logger = pino(loggerOptions(process.env.LOG_LEVEL ?? "info"));
const modeName = process.argv[2] ?? "";
const mode = MODES[modeName];
if (!mode) {
  logger.fatal(`the mode is one of ${Object.keys(MODES).join(", ")}, got "${modeName}"`);
  process.exit(2);
}

async function run(chosen: { port: number; start: Start }): Promise<void> {
  const operator = await chosen.start(process.env, logger);
  const health = await startHealthServer(Number(process.env.HEALTH_PORT ?? chosen.port), operator, operator.registry);
  logger.info({ mode: modeName, healthPort: health.port }, "started");
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      logger.info({ signal }, "stopping");
      Promise.all([operator.stop(), health.close()]).then(() => process.exit(0), (error: unknown) => {
        logger.error({ err: error }, "cannot stop cleanly");
        process.exit(1);
      });
    });
  }
}

run(mode).catch((error: unknown) => {
  logger.fatal({ err: error instanceof ConfigInvalid ? error.message : error }, `cannot start the ${modeName}`);
  process.exit(1);
});
