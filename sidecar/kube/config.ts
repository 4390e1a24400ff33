// Where the Kubernetes API server is and who we are to it: a kubeconfig file
// (KUBECONFIG, else ~/.kube/config: the tests and the real bed) or the pod's
// ServiceAccount (in-cluster: KUBERNETES_SERVICE_HOST/PORT, the mounted CA and
// token). Files named are read again once a minute, as client-go's cached
// token source does, and at once after a 401: the kubelet rotates a projected
// token (by default hourly) and a process must not need a restart to follow.
// Only client certificates, CA, bearer tokens and token files: the exec and
// auth-provider plugins of kubeconfig files are refused by name.
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import yaml from "js-yaml";

/** Where the kubelet mounts a ServiceAccount's token, CA and namespace. */
export const SERVICE_ACCOUNT_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";
/** client-go's token source reads its file again after this long. */
export const CREDENTIALS_REFRESH_MS = 60_000;

export interface ClusterOptions {
  name: string;
  server: string;
  caFile?: string;
  caData?: string;
  skipTLSVerify?: boolean;
  tlsServerName?: string;
}

export interface UserOptions {
  name: string;
  token?: string;
  tokenFile?: string;
  certFile?: string;
  certData?: string;
  keyFile?: string;
  keyData?: string;
}

export interface ContextOptions {
  name: string;
  cluster: string;
  user: string;
}

/** A kubeconfig's clusters, users and contexts (data fields base64, as in files). */
export interface KubeConfigOptions {
  clusters: ClusterOptions[];
  users: UserOptions[];
  contexts: ContextOptions[];
  currentContext: string;
}

/** What one request authenticates and verifies with. */
export interface Credentials {
  server: string;
  ca?: string;
  cert?: string;
  key?: string;
  token?: string;
  rejectUnauthorized: boolean;
  servername?: string;
}

export class KubeConfigInvalid extends Error {}

/** The kubeconfig file format's fields this client reads (https://kubernetes.io/docs/reference/config-api/kubeconfig.v1/). */
interface KubeconfigFile {
  clusters?: Array<{ name: string; cluster: Record<string, unknown> }>;
  users?: Array<{ name: string; user?: Record<string, unknown> }>;
  contexts?: Array<{ name: string; context: { cluster: string; user: string } }>;
  "current-context"?: string;
}

const text = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);
const decoded = (base64: string | undefined): string | undefined => (base64 === undefined ? undefined : Buffer.from(base64, "base64").toString("utf8"));

export class KubeConfig {
  private cluster: ClusterOptions | undefined;
  private user: UserOptions | undefined;
  private cached: { credentials: Credentials; at: number } | undefined;

  /** `now` is the clock of the refresh (milliseconds); tests move it. */
  constructor(private readonly now: () => number = () => performance.now()) {}

  loadFromOptions(options: KubeConfigOptions): void {
    const context = options.contexts.find((c) => c.name === options.currentContext);
    if (!context) throw new KubeConfigInvalid(`the kubeconfig has no context "${options.currentContext}"`);
    this.cluster = options.clusters.find((c) => c.name === context.cluster);
    this.user = options.users.find((u) => u.name === context.user);
    if (!this.cluster) throw new KubeConfigInvalid(`the kubeconfig has no cluster "${context.cluster}"`);
    if (!this.user) throw new KubeConfigInvalid(`the kubeconfig has no user "${context.user}"`);
    this.cached = undefined;
  }

  /** A kubeconfig file (YAML or JSON); relative file names are relative to its directory, as kubectl reads them. */
  loadFromFile(path: string): void {
    const file = (yaml.load(readFileSync(path, "utf8")) ?? {}) as KubeconfigFile;
    const base = dirname(resolve(path));
    const at = (value: unknown): string | undefined => (text(value) === undefined ? undefined : resolve(base, text(value) as string));
    this.loadFromOptions({
      currentContext: file["current-context"] ?? "",
      contexts: (file.contexts ?? []).map((c) => ({ name: c.name, cluster: c.context.cluster, user: c.context.user })),
      clusters: (file.clusters ?? []).map(({ name, cluster }) => ({
        name,
        server: text(cluster.server) ?? "",
        caFile: at(cluster["certificate-authority"]),
        caData: text(cluster["certificate-authority-data"]),
        tlsServerName: text(cluster["tls-server-name"]),
        skipTLSVerify: cluster["insecure-skip-tls-verify"] === true,
      })),
      users: (file.users ?? []).map(({ name, user = {} }) => {
        for (const plugin of ["exec", "auth-provider"]) {
          if (user[plugin] !== undefined) throw new KubeConfigInvalid(`user "${name}" of ${path} authenticates with ${plugin}, which this client does not run`);
        }
        return {
          name,
          token: text(user.token),
          tokenFile: at(user.tokenFile),
          certFile: at(user["client-certificate"]),
          certData: text(user["client-certificate-data"]),
          keyFile: at(user["client-key"]),
          keyData: text(user["client-key-data"]),
        };
      }),
    });
  }

  /** The pod's ServiceAccount, as the kubelet mounts it. */
  loadFromCluster(dir = SERVICE_ACCOUNT_DIR, env: NodeJS.ProcessEnv = process.env): void {
    const host = env.KUBERNETES_SERVICE_HOST;
    const port = env.KUBERNETES_SERVICE_PORT;
    if (!host || !port) throw new KubeConfigInvalid("not in a cluster: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not set");
    const server = `https://${host.includes(":") ? `[${host}]` : host}:${port}`;
    this.loadFromOptions({
      clusters: [{ name: "in-cluster", server, caFile: join(dir, "ca.crt") }],
      users: [{ name: "in-cluster", tokenFile: join(dir, "token") }],
      contexts: [{ name: "in-cluster", cluster: "in-cluster", user: "in-cluster" }],
      currentContext: "in-cluster",
    });
  }

  /** KUBECONFIG (its first file), else ~/.kube/config, else the pod's ServiceAccount. */
  loadFromDefault(env: NodeJS.ProcessEnv = process.env): void {
    const named = (env.KUBECONFIG ?? "").split(":").find((p) => p !== "");
    if (named) return this.loadFromFile(named);
    const home = join(homedir(), ".kube", "config");
    if (existsSync(home)) return this.loadFromFile(home);
    this.loadFromCluster(SERVICE_ACCOUNT_DIR, env);
  }

  get server(): string {
    if (!this.cluster) throw new KubeConfigInvalid("no kubeconfig was loaded");
    return this.cluster.server;
  }

  /** The credentials now: files read at most once a refresh period, unless `invalidate` asked for a fresh read. */
  credentials(): Credentials {
    const now = this.now();
    if (this.cached && now - this.cached.at < CREDENTIALS_REFRESH_MS) return this.cached.credentials;
    this.cached = { credentials: this.read(), at: now };
    return this.cached.credentials;
  }

  /** The server refused our credentials (401): read the files again on the next request. */
  invalidate(): void {
    this.cached = undefined;
  }

  private read(): Credentials {
    const cluster = this.cluster;
    const user = this.user;
    if (!cluster || !user) throw new KubeConfigInvalid("no kubeconfig was loaded");
    const file = (path: string | undefined): string | undefined => (path === undefined ? undefined : readFileSync(path, "utf8"));
    return {
      server: cluster.server,
      rejectUnauthorized: cluster.skipTLSVerify !== true,
      ca: decoded(cluster.caData) ?? file(cluster.caFile),
      cert: decoded(user.certData) ?? file(user.certFile),
      key: decoded(user.keyData) ?? file(user.keyFile),
      token: user.token ?? file(user.tokenFile)?.trim(),
      servername: cluster.tlsServerName,
    };
  }
}

