// The test bed's credentials, made with openssl: a CA, the API server's serving
// certificate, an administrator's client certificate (group system:masters, so
// RBAC lets it do anything) and the service-account signing key.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import yaml from "js-yaml";

export interface Credentials {
  caCertificate: string;
  servingCertificate: string;
  servingKey: string;
  adminCertificate: string;
  adminKey: string;
  serviceAccountKey: string;
  serviceAccountPublicKey: string;
}

const openssl = (dir: string, args: string[]): void => {
  execFileSync("openssl", args, { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
};

// P-256 keys: the API server and kubectl take them, and openssl makes them at once.
const newKey = (dir: string, file: string): void => openssl(dir, ["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", file]);

function issue(dir: string, name: string, subject: string, extensions: string): void {
  newKey(dir, `${name}.key`);
  openssl(dir, ["req", "-new", "-key", `${name}.key`, "-subj", subject, "-out", `${name}.csr`]);
  writeFileSync(join(dir, `${name}.ext`), extensions);
  openssl(dir, ["x509", "-req", "-in", `${name}.csr`, "-CA", "ca.crt", "-CAkey", "ca.key", "-set_serial", String(Date.now()),
    "-days", "2", "-sha256", "-extfile", `${name}.ext`, "-out", `${name}.crt`]);
}

/** A serving certificate from the test bed's CA (in `dir`, where makeCredentials wrote it) for loopback: `<name>.crt` and `<name>.key`. */
export function issueLoopbackServingCertificate(dir: string, name: string): { certificate: string; key: string } {
  issue(dir, name, `/CN=${name}`, [
    "basicConstraints=CA:FALSE", "keyUsage=digitalSignature", "extendedKeyUsage=serverAuth", "subjectAltName=IP:127.0.0.1,DNS:localhost",
  ].join("\n"));
  return { certificate: join(dir, `${name}.crt`), key: join(dir, `${name}.key`) };
}

/**
 * A client certificate from the test bed's CA (in `dir`) for the user `user` in `groups` (its organizations): how a
 * program authenticates as that user, its RBAC (and the API server's flow control) applying.
 */
export function issueClientCertificate(dir: string, name: string, user: string, groups: readonly string[] = []): { certificate: string; key: string } {
  issue(dir, name, `${groups.map((g) => `/O=${g}`).join("")}/CN=${user}`, ["basicConstraints=CA:FALSE", "keyUsage=digitalSignature", "extendedKeyUsage=clientAuth"].join("\n"));
  return { certificate: join(dir, `${name}.crt`), key: join(dir, `${name}.key`) };
}

/** Writes every file into `dir` and returns their paths. */
export function makeCredentials(dir: string): Credentials {
  newKey(dir, "ca.key");
  openssl(dir, ["req", "-x509", "-new", "-key", "ca.key", "-subj", "/CN=realbed-ca", "-days", "2", "-sha256", "-out", "ca.crt"]);
  // 10.0.0.1 is the `kubernetes` Service's address in the service range the API server is given.
  issue(dir, "apiserver", "/CN=kube-apiserver", [
    "basicConstraints=CA:FALSE", "keyUsage=digitalSignature", "extendedKeyUsage=serverAuth",
    "subjectAltName=IP:127.0.0.1,IP:10.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc",
  ].join("\n"));
  issue(dir, "admin", "/O=system:masters/CN=realbed-admin", [
    "basicConstraints=CA:FALSE", "keyUsage=digitalSignature", "extendedKeyUsage=clientAuth",
  ].join("\n"));
  newKey(dir, "service-account.key");
  openssl(dir, ["pkey", "-in", "service-account.key", "-pubout", "-out", "service-account.pub"]);
  const path = (file: string): string => join(dir, file);
  return {
    caCertificate: path("ca.crt"),
    servingCertificate: path("apiserver.crt"),
    servingKey: path("apiserver.key"),
    adminCertificate: path("admin.crt"),
    adminKey: path("admin.key"),
    serviceAccountKey: path("service-account.key"),
    serviceAccountPublicKey: path("service-account.pub"),
  };
}

/** Writes `<dir>/<name>.kubeconfig`, which reaches the API server at `server` with that client certificate (as a process under test reads one); returns its path. */
export function writeClientKubeconfig(dir: string, name: string, server: string, caCertificate: string, client: { certificate: string; key: string }): string {
  const path = join(dir, `${name}.kubeconfig`);
  writeFileSync(path, yaml.dump({
    apiVersion: "v1", kind: "Config", "current-context": "bed",
    clusters: [{ name: "bed", cluster: { server, "certificate-authority": caCertificate } }],
    users: [{ name, user: { "client-certificate": client.certificate, "client-key": client.key } }],
    contexts: [{ name: "bed", context: { cluster: "bed", user: name } }],
  }));
  return path;
}
