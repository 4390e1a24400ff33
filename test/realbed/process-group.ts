// A test-bed process (a Kafka or Connect start script, which forks the JVM)
// started as the leader of a process group of its own, so that stopping it
// stops the JVM too: SIGTERM to the group, SIGKILL after a grace period, and
// SIGKILL if the test process exits first.
import { spawn, type ChildProcess } from "node:child_process";

const GRACE_MS = 20_000;

export interface ProcessGroup {
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

export function startProcessGroup(command: string, args: readonly string[], env: NodeJS.ProcessEnv): ProcessGroup {
  const child = spawn(command, args, { env, stdio: "ignore", detached: true });
  const kill = (signal: NodeJS.Signals): void => {
    try {
      if (child.pid) process.kill(-child.pid, signal);
    } catch {
      // Already gone.
    }
  };
  process.once("exit", () => kill("SIGKILL"));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    child,
    async stop() {
      kill("SIGTERM");
      const timer = setTimeout(() => kill("SIGKILL"), GRACE_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}
