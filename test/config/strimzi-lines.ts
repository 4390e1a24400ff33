// Strimzi's expected server.properties lines (KafkaBrokerConfigurationBuilderTest),
// read as our nodes write them. Strimzi 1.2 reads certificates through its
// Kubernetes Secret config provider; our nodes read the same files from the
// mounted Secrets through the directory provider. Only those references and the
// test's cluster and pod names differ; every other character is Strimzi's.
type Entries = Array<[string, string]>;

export function asOurLines(lines: readonly string[], names: { strimziCluster: string; cluster: string; pod: string }): Entries {
  return lines.map((line): [string, string] => {
    const at = line.indexOf("=");
    const value = line.slice(at + 1)
      .replace(`\${strimzisecrets:namespace/${names.strimziCluster}-trustbundle:cluster-ca.crt}`, "${strimzidir:/opt/kafka/cluster-ca-certs:ca.crt}")
      .replace(/\$\{strimzisecrets:namespace\/my-cluster-kafka-2:my-cluster-kafka-2\.(crt|key)\}/, (_m, ext: string) => `\${strimzidir:/opt/kafka/broker-certs:${names.pod}.${ext}}`)
      .replaceAll(names.strimziCluster, names.cluster);
    return [line.slice(0, at), value];
  });
}
