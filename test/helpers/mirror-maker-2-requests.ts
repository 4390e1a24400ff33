// KafkaMirrorMaker2 requests from the Strimzi examples, with the Secrets two
// running clusters would have: `cluster-a` (mirror-maker/kafka-source.yaml)
// and `cluster-b` (mirror-maker/kafka-target.yaml), their CA certificates and
// a user Secret for each (`cluster-a-user`, `cluster-b-user`).
import { clusterSecretsFor, withRelated } from "./bridge-requests.js";
import { exampleMirrorMaker2Requests, type ExampleRequest } from "./examples.js";

export function mirrorMaker2Requests(): ExampleRequest[] {
  const secrets = [
    ...clusterSecretsFor("none", "cluster-a-user", "mirror-maker/kafka-source.yaml"),
    ...clusterSecretsFor("none", "cluster-b-user", "mirror-maker/kafka-target.yaml"),
  ];
  return exampleMirrorMaker2Requests().map((e) => ({ ...e, request: withRelated(e.request, secrets) }));
}
