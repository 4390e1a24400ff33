// A container probe carried out for real, as the kubelet does: a TCP connect,
// an HTTP GET (2xx and 3xx succeed) or a command run inside the container
// (nsenter into its mount and UTS namespaces and root, as its user), each with
// its timeout.
import { execFile } from "node:child_process";
import { request } from "node:http";
import { connect } from "node:net";
import type { IProbe } from "kubernetes-models/v1/Probe";

export interface ProbeTarget {
  address: string;
  /** The container's first process, for exec probes. */
  pid: number;
  uid: number;
  gid: number;
  /** Named ports of the container. */
  ports: ReadonlyMap<string, number>;
}

const portOf = (port: number | string, target: ProbeTarget): number => {
  if (typeof port === "number") return port;
  const named = target.ports.get(port);
  if (named === undefined) throw new Error(`no container port named ${port}`);
  return named;
};

function tcp(address: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: address, port, timeout: timeoutMs });
    const finish = (ok: boolean): void => { socket.destroy(); resolve(ok); };
    socket.once("connect", () => finish(true));
    socket.once("timeout", () => finish(false));
    socket.once("error", () => finish(false));
  });
}

function http(address: string, port: number, path: string, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ host: address, port, path, method: "GET", timeout: timeoutMs }, (response) => {
      response.resume();
      const code = response.statusCode ?? 0;
      resolve(code >= 200 && code < 400);
    });
    req.once("timeout", () => { req.destroy(); resolve(false); });
    req.once("error", () => resolve(false));
    req.end();
  });
}

function exec(command: string[], target: ProbeTarget, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    execFile("nsenter", ["--target", String(target.pid), "--mount", "--uts", "--root", "--wd", `--setuid=${target.uid}`, `--setgid=${target.gid}`, "--", ...command],
      { timeout: timeoutMs, killSignal: "SIGKILL" }, (error) => resolve(error === null));
  });
}

/** Whether one run of the probe succeeds. */
export async function runProbe(probe: IProbe, target: ProbeTarget): Promise<boolean> {
  const timeoutMs = (probe.timeoutSeconds ?? 1) * 1000;
  try {
    if (probe.tcpSocket) return await tcp(probe.tcpSocket.host ?? target.address, portOf(probe.tcpSocket.port, target), timeoutMs);
    if (probe.httpGet) return await http(probe.httpGet.host ?? target.address, portOf(probe.httpGet.port, target), probe.httpGet.path ?? "/", timeoutMs);
    if (probe.exec?.command) return await exec(probe.exec.command, target, timeoutMs);
  } catch {
    return false;
  }
  throw new Error("probe without tcpSocket, httpGet or exec: not supported by the process kubelet");
}
