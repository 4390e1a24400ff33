// The Topic Operator's Cruise Control client (config.ts's STRIMZI_CRUISE_CONTROL_*):
// the sidecar's HTTPS client, trusting the cluster CA and authenticating as the
// `topic-operator` API user, both read from the files Strimzi mounts. They are
// read again for each request, so a renewed CA or a rotated password (Kubernetes
// updates mounted Secrets) is used without a restart.
import { readFile } from "node:fs/promises";
import type { CruiseControlResponse } from "../../lib/rebalance/answers.js";
import type { CruiseControlRequest } from "../../lib/rebalance/requests.js";
import { CruiseControlClient } from "../../sidecar/rebalance/cruise-control-client.js";
import type { TopicOperatorCruiseControlConfig } from "../config.js";
import type { TopicCruiseControl } from "./reconcile-batch.js";

const text = async (file: string): Promise<string> => (await readFile(file, "utf8")).trim();

export function topicCruiseControl(config: TopicOperatorCruiseControlConfig): TopicCruiseControl {
  return {
    rackAware: config.rackAware,
    async send(request: CruiseControlRequest): Promise<CruiseControlResponse> {
      let client: CruiseControlClient;
      try {
        const credentials = config.credentials && { user: await text(config.credentials.userFile), password: await text(config.credentials.passwordFile) };
        const trustedCertificates = config.caCertFile === undefined ? undefined : await readFile(config.caCertFile, "utf8");
        client = new CruiseControlClient({ address: { host: config.host, port: config.port }, trustedCertificates, credentials });
      } catch (error) {
        return { failure: { reason: "IOException", message: (error as Error).message } };
      }
      try {
        return await client.send(request);
      } finally {
        client.close();
      }
    },
  };
}
