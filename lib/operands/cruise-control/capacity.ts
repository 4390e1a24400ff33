// capacity.json (Strimzi's CapacityConfiguration): what each broker can hold and
// carry, which Cruise Control's capacity goals plan with. One entry per broker
// node, by ascending id. A JBOD broker's disks are keyed by their log directories,
// exactly the paths its server.properties lists in `log.dirs` (lib/names.ts
// logDir): Cruise Control matches them against the directories Kafka reports.
// Numbers are written as Java prints a double, as Strimzi's are ("102400.0").
import type { CruiseControlSpec } from "../../api/kafka.js";
import type { DataVolume, KafkaClusterModel } from "../../model/types.js";
import { logDir } from "../../names.js";
import { parseQuantity } from "../../volumes/quantity.js";

/** Strimzi's defaults: a disk without a size, a broker without a CPU figure, a network without a capacity. */
const DEFAULT_DISK_MIB = "100000";
const DEFAULT_CPU_CORES = "1";
const DEFAULT_NETWORK = "10000KiB/s";

type BrokerCapacity = NonNullable<CruiseControlSpec["brokerCapacity"]>;
type CapacityOverride = NonNullable<BrokerCapacity["overrides"]>[number];

export interface BrokerCapacityEntry {
  brokerId: number;
  capacity: { DISK: string | Record<string, string>; CPU: { "num.cores": string }; NW_IN: string; NW_OUT: string };
  doc: string;
}

export interface CapacityConfiguration {
  brokerCapacities: BrokerCapacityEntry[];
  /** Every broker's inbound (outbound) network capacity was set by the user, not defaulted: its goals can be met. */
  inboundNetworkConfigured: boolean;
  outboundNetworkConfigured: boolean;
  /** Every broker has the same inbound capacity, which LeaderBytesInDistributionGoal assumes. */
  inboundHomogeneous: boolean;
}

/** Java's Double.toString: at least one decimal, computerized scientific notation outside [10^-3, 10^7). */
export function javaDouble(value: number): string {
  const magnitude = Math.abs(value);
  if (Number.isNaN(value)) return "NaN";
  if (value === 0) return "0.0";
  if (magnitude >= 1e-3 && magnitude < 1e7) {
    const text = String(value);
    return text.includes(".") ? text : `${text}.0`;
  }
  const [mantissa = "", exponent = ""] = value.toExponential().split("e");
  return `${mantissa.includes(".") ? mantissa : `${mantissa}.0`}E${exponent.replace("+", "")}`;
}

// Strimzi's StorageUtils reads an upper-case K as a thousand too (`10000KB/s`), which Kubernetes' quantities spell `k`.
const STRIMZI_KILO = /^([0-9.]+)K$/;

/** A quantity in units of 2^shift bytes (StorageUtils.convertTo), or undefined when it is none. */
function inBinaryUnits(quantity: string, shift: bigint): number | undefined {
  const exact = parseQuantity(quantity.replace(STRIMZI_KILO, "$1k"));
  return exact === undefined ? undefined : Number(exact.numerator) / Number(exact.denominator * 2n ** shift);
}

const MIB = 20n;
const KIB = 10n;

const diskMiB = (size: string | undefined): string => {
  const mib = size === undefined ? undefined : inBinaryUnits(size, MIB);
  return mib === undefined ? DEFAULT_DISK_MIB : javaDouble(mib);
};

/** A single volume is one figure; JBOD volumes are keyed by their log directory. */
function disk(volumes: readonly DataVolume[], brokerId: number): BrokerCapacityEntry["capacity"]["DISK"] {
  const size = (v: DataVolume) => (v.type === "persistent-claim" ? v.size : v.sizeLimit);
  const [only] = volumes;
  if (volumes.length === 1 && only?.id === undefined) return diskMiB(only ? size(only) : undefined);
  return Object.fromEntries(volumes.map((v) => [logDir(v.id, brokerId), diskMiB(size(v))]));
}

/** Cores as Strimzi reads a CPU quantity: millicores, then divided by a thousand as a double. */
function cores(cpu: string): string {
  const exact = parseQuantity(cpu);
  if (exact === undefined) return javaDouble(Number(DEFAULT_CPU_CORES));
  const millis = Math.trunc(Number(exact.numerator * 1000n) / Number(exact.denominator));
  return javaDouble(millis / 1000);
}

/** `10000KiB/s` in KiB per second: the quantity before `B` (CapacityConfiguration.getThroughputInKiB). */
const throughputKiB = (throughput: string): string =>
  javaDouble(inBinaryUnits(throughput.slice(0, throughput.indexOf("B")), KIB) ?? Number.NaN);

export interface CapacityInput {
  spec: Pick<CruiseControlSpec, "brokerCapacity">;
  model: Pick<KafkaClusterModel, "nodes" | "pools">;
}

export function capacityConfiguration({ spec, model }: CapacityInput): CapacityConfiguration {
  const common = spec.brokerCapacity;
  // The first override naming a broker wins; overrides of ids that are no broker are left out (Strimzi warns).
  const brokers = model.nodes.filter((n) => n.isBroker);
  const overrides = new Map<number, CapacityOverride>();
  for (const override of common?.overrides ?? []) {
    for (const id of override.brokers ?? []) if (!overrides.has(id) && brokers.some((b) => b.nodeId === id)) overrides.set(id, override);
  }
  let inboundConfigured = true;
  let outboundConfigured = true;
  const brokerCapacities = brokers.map((node): BrokerCapacityEntry => {
    const pool = model.pools.find((p) => p.name === node.pool);
    const override = overrides.get(node.nodeId);
    const inbound = override?.inboundNetwork ?? common?.inboundNetwork;
    const outbound = override?.outboundNetwork ?? common?.outboundNetwork;
    inboundConfigured &&= inbound !== undefined;
    outboundConfigured &&= outbound !== undefined;
    const poolCpu = pool?.resources?.requests?.["cpu"] ?? pool?.resources?.limits?.["cpu"];
    return {
      brokerId: node.nodeId,
      capacity: {
        DISK: disk(pool?.volumes ?? [], node.nodeId),
        CPU: { "num.cores": cores(String(override?.cpu ?? common?.cpu ?? poolCpu ?? DEFAULT_CPU_CORES)) },
        NW_IN: throughputKiB(inbound ?? DEFAULT_NETWORK),
        NW_OUT: throughputKiB(outbound ?? DEFAULT_NETWORK),
      },
      doc: `Capacity for Broker ${node.nodeId}`,
    };
  });
  return {
    brokerCapacities,
    inboundNetworkConfigured: inboundConfigured,
    outboundNetworkConfigured: outboundConfigured,
    inboundHomogeneous: new Set(brokerCapacities.map((b) => b.capacity.NW_IN)).size <= 1,
  };
}

/** The file Cruise Control reads (`capacity.config.file`), indented two spaces. */
export const capacityJson = (capacity: CapacityConfiguration): string =>
  JSON.stringify({ brokerCapacities: capacity.brokerCapacities }, null, 2);
