// The rebalance benchmark's Cruise Control, in a worker thread: Cruise Control
// runs in a process of its own, so its work (answering 150 requests a pass over
// TLS) must not run on the reconciler's thread and count as the sidecar's.
// It holds the tasks bench/rebalances.ts asks for, then tells its port and CA.
import { parentPort, workerData } from "node:worker_threads";
import { FakeCruiseControl, type Task } from "../test/helpers/fake-cruise-control.js";

export interface CruiseControlWorkerData {
  serverName: string;
  user: string;
  password: string;
  executionStartedAt: string;
  tasks: Task[];
}

const data = workerData as CruiseControlWorkerData;
const cruiseControl = await FakeCruiseControl.start({ serverName: data.serverName, user: data.user, password: data.password });
cruiseControl.executionStartedAt = data.executionStartedAt;
for (const task of data.tasks) {
  if (task.state === "InExecution") cruiseControl.execute(task);
  else cruiseControl.tasks.set(task.id, task);
}
parentPort?.postMessage({ port: cruiseControl.port, caCertPem: cruiseControl.caCertPem });
parentPort?.on("message", (message: string) => {
  if (message === "requests") parentPort?.postMessage({ requests: cruiseControl.requests.length });
  if (message === "stop") void cruiseControl.stop().then(() => parentPort?.close());
});
