// Plain JSON over HTTPS to the real API server: what was stored comes back byte
// for byte as the server wrote it, with no client-side model in between (typed
// clients turn quantities and dates into objects of their own).
import { request as httpsRequest } from "node:https";
import { readFileSync } from "node:fs";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonMap = { [key: string]: Json };

export interface ObjectRef {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
}

export interface Reply {
  status: number;
  body: JsonMap;
}

export class ApiError extends Error {
  constructor(readonly status: number, readonly body: JsonMap, what: string) {
    super(`${what}: ${status} ${typeof body["message"] === "string" ? body["message"] : JSON.stringify(body)}`);
  }
}

interface Resource {
  plural: string;
  namespaced: boolean;
}

export interface TlsFiles {
  caCertificate: string;
  adminCertificate: string;
  adminKey: string;
}

export class RestClient {
  private readonly ca: Buffer;
  private readonly cert: Buffer;
  private readonly key: Buffer;
  private readonly discovered = new Map<string, Map<string, Resource>>();

  constructor(readonly server: string, tls: TlsFiles) {
    this.ca = readFileSync(tls.caCertificate);
    this.cert = readFileSync(tls.adminCertificate);
    this.key = readFileSync(tls.adminKey);
  }

  request(method: string, path: string, body?: Json, contentType = "application/json"): Promise<Reply> {
    const url = new URL(path, this.server);
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = httpsRequest(url, {
        method, ca: this.ca, cert: this.cert, key: this.key,
        headers: { accept: "application/json", ...(payload === undefined ? {} : { "content-type": contentType }) },
      }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let parsed: JsonMap;
          try {
            parsed = text === "" ? {} : JSON.parse(text) as JsonMap;
          } catch {
            parsed = { message: text };
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
        res.on("error", reject);
      });
      req.on("error", reject);
      req.end(payload);
    });
  }

  private async resource(apiVersion: string, kind: string): Promise<Resource> {
    const known = this.discovered.get(apiVersion)?.get(kind);
    if (known) return known;
    // Asked again on a miss: a CRD's kinds appear once it is established.
    const reply = await this.request("GET", apiVersion.includes("/") ? `/apis/${apiVersion}` : `/api/${apiVersion}`);
    if (reply.status !== 200) throw new ApiError(reply.status, reply.body, `discovery of ${apiVersion}`);
    const resources = new Map<string, Resource>();
    for (const entry of reply.body["resources"] as JsonMap[]) {
      const name = entry["name"] as string;
      if (!name.includes("/")) resources.set(entry["kind"] as string, { plural: name, namespaced: entry["namespaced"] === true });
    }
    this.discovered.set(apiVersion, resources);
    const found = resources.get(kind);
    if (!found) throw new Error(`${apiVersion} serves no ${kind}`);
    return found;
  }

  /** The collection path of `kind` (in `namespace` when it is namespaced), or an object's path with `name`. */
  async path(apiVersion: string, kind: string, namespace?: string, name?: string): Promise<string> {
    const { plural, namespaced } = await this.resource(apiVersion, kind);
    const base = apiVersion.includes("/") ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    const scope = namespaced && namespace ? `/namespaces/${namespace}` : "";
    return `${base}${scope}/${plural}${name === undefined ? "" : `/${name}`}`;
  }

  private async expect(method: string, path: string, ok: number[], body?: Json, contentType?: string): Promise<JsonMap> {
    const reply = await this.request(method, path, body, contentType);
    if (!ok.includes(reply.status)) throw new ApiError(reply.status, reply.body, `${method} ${path}`);
    return reply.body;
  }

  /** Creates with strict field validation: an unknown or duplicate field is refused, never pruned in silence. */
  async create(object: ObjectRef | JsonMap): Promise<JsonMap> {
    const ref = object as ObjectRef;
    const path = await this.path(ref.apiVersion, ref.kind, ref.metadata.namespace);
    return this.expect("POST", `${path}?fieldValidation=Strict`, [201], object as Json);
  }

  async get(ref: ObjectRef): Promise<JsonMap> {
    return this.expect("GET", await this.path(ref.apiVersion, ref.kind, ref.metadata.namespace, ref.metadata.name), [200]);
  }

  /** The object, or undefined once the server answers 404. */
  async find(ref: ObjectRef): Promise<JsonMap | undefined> {
    const reply = await this.request("GET", await this.path(ref.apiVersion, ref.kind, ref.metadata.namespace, ref.metadata.name));
    if (reply.status === 404) return undefined;
    if (reply.status !== 200) throw new ApiError(reply.status, reply.body, `GET ${ref.kind} ${ref.metadata.name}`);
    return reply.body;
  }

  async replace(object: JsonMap, subresource = ""): Promise<JsonMap> {
    const ref = object as unknown as ObjectRef;
    const path = await this.path(ref.apiVersion, ref.kind, ref.metadata.namespace, ref.metadata.name);
    return this.expect("PUT", `${path}${subresource ? `/${subresource}` : ""}?fieldValidation=Strict`, [200], object);
  }

  /** The objects of a collection, each with its apiVersion and kind (a list's items carry neither). */
  async list(apiVersion: string, kind: string, namespace?: string): Promise<JsonMap[]> {
    return (await this.listCollection(apiVersion, kind, namespace))["items"] as JsonMap[];
  }

  /** The collection as listed (its resourceVersion included), each item with its apiVersion and kind. */
  async listCollection(apiVersion: string, kind: string, namespace?: string): Promise<JsonMap> {
    const body = await this.expect("GET", await this.path(apiVersion, kind, namespace), [200]);
    return { ...body, items: (body["items"] as JsonMap[]).map((item) => ({ apiVersion, kind, ...item })) };
  }

  async delete(ref: ObjectRef, options: JsonMap = {}): Promise<void> {
    const path = await this.path(ref.apiVersion, ref.kind, ref.metadata.namespace, ref.metadata.name);
    await this.expect("DELETE", path, [200, 202], { apiVersion: "v1", kind: "DeleteOptions", ...options });
  }
}
