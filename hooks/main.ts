// Entry point of the hooks container.
//   PORT (8080), HOST (0.0.0.0), LOG_LEVEL (info)
//   TLS_CERT_FILE, TLS_KEY_FILE: serve HTTPS with this certificate (the kafka-hooks-tls Secret the
//     sidecar keeps, mounted), waiting for the files at start and reloading them when they change;
//     unset, plain HTTP (`make run`)
//   TLS_CLIENT_CA_FILE: also require a client certificate issued by this CA (Metacontroller's clientTLS)
//   METRICS_PORT: also serve /metrics alone, over plain HTTP, on this port (metrics-port.ts); unset, none
import type { Server as TlsServer } from "node:tls";
import { setTimeout as sleep } from "node:timers/promises";
import { pino } from "pino";
import { systemEnvironment } from "../lib/environment.js";
import { CRUISE_CONTROL_EXTRAS_IMAGE_ENV } from "../lib/operands/cruise-control/gate.js";
import { loggerOptions } from "../lib/log-redaction.js";
import { assembleServer } from "./assemble.js";
import { serveMetrics } from "./metrics-port.js";
import type { HookTls } from "./server.js";
import { readTlsFiles, TlsReloader, type TlsFiles } from "./tls-files.js";

// The kubelet refreshes a mounted Secret within about a minute; checking twice as often is plenty.
const TLS_RELOAD_INTERVAL_MS = 30_000;
const TLS_WAIT_INTERVAL_MS = 1_000;

function tlsFiles(): TlsFiles | undefined {
  const { TLS_CERT_FILE: cert, TLS_KEY_FILE: key, TLS_CLIENT_CA_FILE: clientCa } = process.env;
  if (!cert && !key) return undefined;
  if (!cert || !key) throw new Error("TLS_CERT_FILE and TLS_KEY_FILE go together");
  return { cert, key, ...(clientCa ? { clientCa } : {}) };
}

/** The files' material once they exist: on a new install the sidecar beside us creates the Secret first. */
async function waitForTls(files: TlsFiles): Promise<HookTls> {
  const log = pino(loggerOptions(process.env.LOG_LEVEL ?? "info"));
  for (let waited = false; ; waited = true) {
    const tls = readTlsFiles(files);
    if (tls) return tls;
    if (!waited) log.info({ cert: files.cert }, "waiting for the serving certificate");
    await sleep(TLS_WAIT_INTERVAL_MS);
  }
}

const port = Number(process.env.PORT ?? 8080);
const host = process.env.HOST ?? "0.0.0.0";
const files = tlsFiles();
const tlsReady = files ? waitForTls(files) : Promise.resolve(undefined);
const kafkaExtrasImage = process.env.KAFKA_EXTRAS_IMAGE;
const entityOperatorImage = process.env.ENTITY_OPERATOR_IMAGE;
const cruiseControlExtrasImage = process.env[CRUISE_CONTROL_EXTRAS_IMAGE_ENV];
const env = {
  ...systemEnvironment, ...(kafkaExtrasImage ? { kafkaExtrasImage } : {}), ...(entityOperatorImage ? { entityOperatorImage } : {}),
  ...(cruiseControlExtrasImage ? { cruiseControlExtrasImage } : {}),
};
const { app } = await assembleServer({ env, logLevel: process.env.LOG_LEVEL ?? "info", tls: tlsReady });
const tls = await tlsReady;
if (files && tls) {
  const reloader = new TlsReloader(files, app.server as unknown as TlsServer, tls);
  setInterval(() => {
    const result = reloader.check();
    if (result !== "unchanged") app.log.info({ result }, "serving certificate checked");
  }, TLS_RELOAD_INTERVAL_MS).unref();
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    app.close().then(() => process.exit(0), () => process.exit(1));
  });
}

if (process.env.METRICS_PORT) {
  serveMetrics(app, Number(process.env.METRICS_PORT), host).catch((error: unknown) => {
    app.log.error({ err: error }, "cannot serve metrics");
    process.exit(1);
  });
}

app.listen({ port, host }).catch((error: unknown) => {
  app.log.error({ err: error }, "cannot listen");
  process.exit(1);
});
