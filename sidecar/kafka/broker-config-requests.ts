// The run-time configuration's Kafka requests in the protocol's terms: a
// broker's own config resource (or the cluster's default one, named ""), the
// sources Kafka reports values from, IncrementalAlterConfigs' operations, and
// Kafka's refusal of an alteration in its own words.
import {
  ConfigResourceTypes, ConfigSources, IncrementalAlterConfigOperationTypes, ResponseError,
  type describeConfigsV4, type incrementalAlterConfigsV1,
} from "@platformatic/kafka";
import type { ConfigOperation, ConfigSource, ReportedOption } from "../../lib/roller/run-time-update.js";

/** A broker's own resource by its id; "cluster" is the cluster's default resource, which every broker reads. */
export type BrokerConfigTarget = number | "cluster";

const SOURCES: ReadonlyMap<number, ConfigSource> = new Map([
  [ConfigSources.DYNAMIC_BROKER_CONFIG, "dynamic-broker"],
  [ConfigSources.DYNAMIC_DEFAULT_BROKER_CONFIG, "dynamic-default-broker"],
  [ConfigSources.STATIC_BROKER_CONFIG, "static"],
  [ConfigSources.DEFAULT_CONFIG, "default"],
]);

const resourceName = (target: BrokerConfigTarget): string => (target === "cluster" ? "" : String(target));

/** DescribeConfigs of these options of one broker's own resource. */
export function brokerConfigsRequest(nodeId: number, names: readonly string[]): describeConfigsV4.DescribeConfigsRequestResource[] {
  return [{ resourceType: ConfigResourceTypes.BROKER, resourceName: resourceName(nodeId), configurationKeys: [...names] }];
}

/** Each option of the answer with where its value comes from; an option Kafka leaves out has no value of its own. */
export function reportedOptions(response: describeConfigsV4.DescribeConfigsResponse): Map<string, ReportedOption> {
  return new Map((response.results[0]?.configs ?? []).map((c) => [c.name, { value: c.value ?? null, source: SOURCES.get(c.configSource) ?? "other" }]));
}

/** IncrementalAlterConfigs of one broker resource. */
export function alterBrokerConfigsRequest(target: BrokerConfigTarget, operations: readonly ConfigOperation[]): incrementalAlterConfigsV1.IncrementalAlterConfigsRequestResource[] {
  const configs = operations.map((o) => (o.op === "DELETE"
    ? { name: o.name, configOperation: IncrementalAlterConfigOperationTypes.DELETE }
    : { name: o.name, configOperation: IncrementalAlterConfigOperationTypes.SET, value: o.value ?? "" }));
  return [{ resourceType: ConfigResourceTypes.BROKER, resourceName: resourceName(target), configs }];
}

/** Why Kafka refused an alteration, from the errors of each resource of its answer; undefined for any other failure. */
export function alterationRefusal(error: unknown): string | undefined {
  if (!(error instanceof ResponseError) || !("response" in error)) return undefined;
  return (error.errors as unknown[]).map((e) => {
    const code = e instanceof Error && "apiId" in e && typeof e.apiId === "string" ? e.apiId : "ERROR";
    // Kafka's own words (serverErrorMessage) say which option and why; the library's message only names the code.
    const message = e instanceof Error && "serverErrorMessage" in e && typeof e.serverErrorMessage === "string" ? e.serverErrorMessage : e instanceof Error ? e.message : String(e);
    return `${code}: ${message}`;
  }).join("; ");
}
