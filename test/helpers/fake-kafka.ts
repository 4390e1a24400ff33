// A stand-in Kafka 4.0 broker for the sidecar's availability checks: a TCP (or
// mutual-TLS) server that frames requests as Kafka does, advertises in
// ApiVersions exactly the ranges Kafka 4.0 accepts for the APIs it serves, and
// answers from a scenario. Like a real broker it closes the connection on a
// request version outside those ranges, so a client asking for a version that
// KIP-896 removed fails here too. Versions inside the ranges that the stand-in
// does not encode, and requests it cannot parse, are recorded in `unimplemented`
// (and the connection closed): a test asserts that list is empty.
import { createServer as createTcpServer, type AddressInfo, type Server, type Socket } from "node:net";
import { createServer as createTlsServer, type TLSSocket, type TlsOptions } from "node:tls";
import { Reader, Writer } from "./fake-kafka-codec.js";
import {
  describeClusterResponse, describeConfigsResponse, describeQuorumResponse, ErrorCode, incrementalAlterConfigsResponse, metadataResponse, Unimplemented,
  type DynamicOverrides, type FakeKafkaScenario, type Listener,
} from "./fake-kafka-responses.js";

export type { FakeKafkaScenario, FakePartition, FakeQuorum, FakeTopic, FakeVoter } from "./fake-kafka-responses.js";

type ApiName = "ApiVersions" | "Metadata" | "DescribeConfigs" | "DescribeQuorum" | "DescribeCluster" | "IncrementalAlterConfigs";

export interface ApiRange {
  readonly name: ApiName;
  readonly min: number;
  readonly max: number;
  /** The first version with tagged fields, compact types and header v2 (v1 for responses). */
  readonly flexible: number;
}

/** Kafka 4.0's ranges: Metadata v0-v3 stayed (KAFKA-18648), DescribeConfigs v0 went (KIP-896), DescribeCluster v2 came (KIP-1073). */
export const KAFKA_4_0_APIS: ReadonlyMap<number, ApiRange> = new Map([
  [18, { name: "ApiVersions", min: 0, max: 4, flexible: 3 }],
  [3, { name: "Metadata", min: 0, max: 13, flexible: 9 }],
  [32, { name: "DescribeConfigs", min: 1, max: 4, flexible: 4 }],
  [55, { name: "DescribeQuorum", min: 0, max: 2, flexible: 0 }],
  [60, { name: "DescribeCluster", min: 0, max: 2, flexible: 0 }],
  [44, { name: "IncrementalAlterConfigs", min: 0, max: 1, flexible: 1 }],
]);

export interface ReceivedRequest {
  readonly api: string;
  readonly version: number;
  /** The broker whose listener it came in on. */
  readonly broker: number;
}

export interface FakeKafkaOptions {
  /** Mutual TLS: only clients with a certificate that `tls.ca` signed get in. */
  readonly tls?: TlsOptions;
  /** Another broker's ranges, to play an older or newer Kafka; Kafka 4.0's by default. */
  readonly apis?: ReadonlyMap<number, ApiRange>;
}

export interface FakeKafkaMisbehaviour {
  /** Close the connection when this request arrives, without answering. */
  readonly dropOn?: ApiName;
  /** Never answer this request. */
  readonly hangOn?: ApiName;
}

// The features of the clusters the scenarios run, made on Kafka 4.3.1 (the default version): metadata.version
// from 3.3-IV3 (7) to 4.3-IV0 (30), finalized at 4.3-IV0 as the hooks format them, so the sidecar has nothing
// to raise. (The API ranges stay Kafka 4.0's: the oldest the sidecar must speak to.)
const FEATURES = { supported: [{ name: "metadata.version", min: 7, max: 30 }, { name: "kraft.version", min: 0, max: 1 }], finalized: [{ name: "metadata.version", level: 30 }] };
const SOFTWARE_NAME = /^[a-zA-Z0-9](?:[a-zA-Z0-9\-.]*[a-zA-Z0-9])?$/;

/** The brokers a scenario starts with, registered or fenced, in id order; a scenario without any is one broker, 0. */
function brokersOf(scenario: FakeKafkaScenario): number[] {
  const ids = [...new Set([...scenario.brokers, ...(scenario.fenced ?? [])])].sort((a, b) => a - b);
  return ids.length > 0 ? ids : [0];
}

function apiVersionsResponse(version: number, request: Reader, apis: ReadonlyMap<number, ApiRange>): Buffer {
  const w = new Writer();
  const own = apis.get(18);
  if (own !== undefined && version > own.max) {
    // KIP-511: too new a version gets UNSUPPORTED_VERSION in the v0 layout, listing the ApiVersions versions offered.
    return w.int16(ErrorCode.UNSUPPORTED_VERSION).array([own], (w, r) => w.int16(18).int16(r.min).int16(r.max)).bytes();
  }
  const valid = version < 3 || [request.compactString(), request.compactString()].every((s) => SOFTWARE_NAME.test(s));
  const keys = [...apis].map(([key, range]) => [key, range.min, range.max] as const);
  if (version < 3) {
    w.int16(ErrorCode.NONE).array(keys, (w, [key, min, max]) => w.int16(key).int16(min).int16(max));
    return (version >= 1 ? w.int32(0) : w).bytes();
  }
  return w.int16(valid ? ErrorCode.NONE : ErrorCode.INVALID_REQUEST)
    .compactArray(keys, (w, [key, min, max]) => w.int16(key).int16(min).int16(max))
    .int32(0)
    .taggedFields([
      [0, new Writer().compactArray(FEATURES.supported, (w, f) => w.compactString(f.name).int16(f.min).int16(f.max)).bytes()],
      [1, new Writer().int64(1).bytes()],
      [2, new Writer().compactArray(FEATURES.finalized, (w, f) => w.compactString(f.name).int16(f.level).int16(f.level)).bytes()],
    ])
    .bytes();
}

export class FakeKafka {
  scenario: FakeKafkaScenario;
  misbehaviour: FakeKafkaMisbehaviour = {};
  readonly requests: ReceivedRequest[] = [];
  /** Requests at a version Kafka 4.0 does not accept, or for an API the stand-in does not serve; the connection was closed. */
  readonly rejected: ReceivedRequest[] = [];
  /** Requests inside Kafka 4.0's ranges that the stand-in does not encode, or could not parse. */
  readonly unimplemented: string[] = [];
  /** TLS handshakes the server refused, e.g. a client certificate from an unknown CA. */
  readonly tlsFailures: string[] = [];
  /** The dynamic broker configuration IncrementalAlterConfigs wrote: overrides by broker resource name, "" for the cluster default. */
  readonly dynamicOverrides: DynamicOverrides = new Map();
  /** Each broker's server: a connection to it is a connection to that broker. */
  readonly #servers = new Map<number, Server>();
  readonly #listeners = new Map<number, Listener>();
  readonly #sockets = new Set<Socket>();
  readonly #apis: ReadonlyMap<number, ApiRange>;

  private constructor(scenario: FakeKafkaScenario, { tls, apis = KAFKA_4_0_APIS }: FakeKafkaOptions) {
    this.scenario = scenario;
    this.#apis = apis;
    for (const nodeId of brokersOf(scenario)) {
      const serve = (socket: Socket): void => this.#serve(socket, nodeId);
      const server = tls === undefined ? createTcpServer(serve) : createTlsServer({ ...tls, requestCert: true, rejectUnauthorized: true }, serve);
      // Node refuses an unverified client certificate by closing the socket; the reason is on the socket.
      server.on("tlsClientError", (error: Error, socket: TLSSocket) => this.tlsFailures.push(String(socket.authorizationError ?? error.message)));
      this.#servers.set(nodeId, server);
    }
  }

  /** Every broker of the scenario (registered or fenced) listens on 127.0.0.1 at a free port of its own. */
  static async start(scenario: FakeKafkaScenario, options: FakeKafkaOptions = {}): Promise<FakeKafka> {
    const fake = new FakeKafka(scenario, options);
    for (const [nodeId, server] of fake.#servers) {
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(0, "127.0.0.1", resolve);
      });
      const { address, port } = server.address() as AddressInfo;
      fake.#listeners.set(nodeId, { host: address, port });
    }
    return fake;
  }

  /** Where the first broker listens, the bootstrap address; stays known after stop(), so tests can aim at a port nobody answers. */
  get listener(): Listener {
    return this.listenerOf(brokersOf(this.scenario)[0] ?? 0);
  }

  /** Where a broker listens, as Metadata advertises it. */
  listenerOf(nodeId: number): Listener {
    const listener = this.#listeners.get(nodeId);
    if (listener === undefined) throw new Unimplemented(`broker ${nodeId}, which was not in the scenario the stand-in started with`);
    return listener;
  }

  get bootstrap(): string {
    return `${this.listener.host}:${this.listener.port}`;
  }

  async stop(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await Promise.all([...this.#servers.values()].map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
  }

  #serve(socket: Socket, nodeId: number): void {
    this.#sockets.add(socket);
    socket.on("close", () => this.#sockets.delete(socket));
    socket.on("error", () => socket.destroy());
    let pending = Buffer.alloc(0);
    socket.on("data", (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 4) {
        const size = pending.readInt32BE(0);
        if (pending.length < 4 + size) return;
        const frame = pending.subarray(4, 4 + size);
        pending = pending.subarray(4 + size);
        const response = this.#answer(frame, nodeId);
        if (response === "close") {
          socket.destroy();
          return;
        }
        if (response !== "hang") socket.write(response);
      }
    });
  }

  #answer(frame: Buffer, nodeId: number): Buffer | "close" | "hang" {
    const r = new Reader(frame);
    const apiKey = r.int16();
    const version = r.int16();
    const correlationId = r.int32();
    const range = this.#apis.get(apiKey);
    const received = { api: range?.name ?? `api key ${apiKey}`, version, broker: nodeId };
    this.requests.push(received);
    if (range === undefined || (range.name !== "ApiVersions" && (version < range.min || version > range.max))) {
      this.rejected.push(received);
      return "close";
    }
    if (this.misbehaviour.dropOn === range.name) return "close";
    if (this.misbehaviour.hangOn === range.name) return "hang";
    r.nullableString(); // client_id
    const flexible = version >= range.flexible;
    if (flexible) r.skipTaggedFields();
    let body: Buffer;
    try {
      body = this.#body(range.name, version, r, nodeId);
    } catch (error) {
      // Kafka closes the connection on a request it cannot parse, too.
      this.unimplemented.push(error instanceof Unimplemented ? error.message : `malformed ${range.name} v${version}: ${String(error)}`);
      return "close";
    }
    // ApiVersions answers with header v0 at every version, so that any client can read it.
    const header = new Writer().int32(correlationId);
    if (flexible && range.name !== "ApiVersions") header.taggedFields();
    const payload = Buffer.concat([header.bytes(), body]);
    return Buffer.concat([new Writer().int32(payload.length).bytes(), payload]);
  }

  /** The answer of broker `nodeId`: only it answers for its own config resource. */
  #body(api: ApiName, version: number, request: Reader, nodeId: number): Buffer {
    const listenerOf = (id: number): Listener => this.listenerOf(id);
    switch (api) {
      case "ApiVersions": return apiVersionsResponse(version, request, this.#apis);
      case "Metadata": return metadataResponse(version, request, this.scenario, listenerOf);
      case "DescribeConfigs": return describeConfigsResponse(version, request, this.scenario, nodeId, this.dynamicOverrides);
      case "IncrementalAlterConfigs": return incrementalAlterConfigsResponse(version, request, nodeId, this.dynamicOverrides);
      case "DescribeQuorum": return describeQuorumResponse(version, request, this.scenario);
      case "DescribeCluster": return describeClusterResponse(version, request, this.scenario, listenerOf);
    }
  }
}
