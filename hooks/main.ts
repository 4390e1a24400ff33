// Entry point of the hooks container.
import { systemEnvironment } from "../lib/sync/environment.js";
import { KeyPool } from "./key-pool.js";
import { buildServer } from "./server.js";

const port = Number(process.env.PORT ?? 8080);
const host = process.env.HOST ?? "0.0.0.0";
// Two syncs' worth of keys ready, so a new cluster's first syncs rarely generate on the spot.
const keys = new KeyPool(2 * systemEnvironment.newKeysPerSync);
void keys.fill();
const app = buildServer({ env: { ...systemEnvironment, newPrivateKey: keys.take }, logLevel: process.env.LOG_LEVEL ?? "info" });

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    app.close().then(() => process.exit(0), () => process.exit(1));
  });
}

app.listen({ port, host }).catch((error: unknown) => {
  app.log.error({ err: error }, "cannot listen");
  process.exit(1);
});
