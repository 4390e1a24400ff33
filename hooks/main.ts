// Entry point of the hooks container.
//   PORT (8080), HOST (0.0.0.0), LOG_LEVEL (info)
//   TLS_CERT_FILE, TLS_KEY_FILE: serve HTTPS with this certificate (e.g. a mounted kubernetes.io/tls Secret)
//   TLS_CLIENT_CA_FILE: also require a client certificate issued by this CA (Metacontroller's clientTLS)
import { readFileSync } from "node:fs";
import { systemEnvironment } from "../lib/sync/environment.js";
import { KeyPool } from "./key-pool.js";
import { buildServer, type HookTls } from "./server.js";

function tlsFromEnvironment(): HookTls | undefined {
  const { TLS_CERT_FILE: cert, TLS_KEY_FILE: key, TLS_CLIENT_CA_FILE: clientCa } = process.env;
  if (!cert && !key) return undefined;
  if (!cert || !key) throw new Error("TLS_CERT_FILE and TLS_KEY_FILE go together");
  return { cert: readFileSync(cert, "utf8"), key: readFileSync(key, "utf8"), ...(clientCa ? { clientCa: readFileSync(clientCa, "utf8") } : {}) };
}

const port = Number(process.env.PORT ?? 8080);
const host = process.env.HOST ?? "0.0.0.0";
// Two syncs' worth of keys ready, so a new cluster's first syncs rarely generate on the spot.
const keys = new KeyPool(2 * systemEnvironment.newKeysPerSync);
void keys.fill();
const tls = tlsFromEnvironment();
const app = buildServer({ env: { ...systemEnvironment, newPrivateKey: keys.take }, logLevel: process.env.LOG_LEVEL ?? "info", ...(tls ? { tls } : {}) });

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    app.close().then(() => process.exit(0), () => process.exit(1));
  });
}

app.listen({ port, host }).catch((error: unknown) => {
  app.log.error({ err: error }, "cannot listen");
  process.exit(1);
});
