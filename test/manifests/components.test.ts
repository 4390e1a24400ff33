// The kustomize components that declare the optional child kinds (Route,
// TLSRoute) of the Kafka controller: each patch, applied as kustomize applies a
// JSON 6902 `add` to the end of a list, declares exactly the kind a listener of
// that type needs and lets Metacontroller's ClusterRole manage it, and the
// hook's refusal points to the component that does.
import { existsSync } from "node:fs";
import { join } from "node:path";
import t from "tap";
import yaml from "js-yaml";
import type { GenericKafkaListener } from "../../lib/api/kafka.js";
import { typeKey } from "../../lib/metacontroller.js";
import { childRule, type PolicyRule } from "../../lib/metacontroller-rbac.js";
import { undeclaredListenerKinds } from "../../lib/sync/child-types.js";
import { repoRoot } from "../helpers/paths.js";
import { readDocuments, theOnly } from "./documents.js";

interface ChildResource { apiVersion: string; resource: string; updateStrategy?: { method: string } }
interface Component { kind: string; patches: Array<{ target: Record<string, string>; patch: string }> }

const componentsDir = join(repoRoot, "metacontroller", "components");

/** The Kafka controller's children with the component, and the rules it adds to Metacontroller's ClusterRole. */
function withComponent(component: string): { children: ChildResource[]; rules: PolicyRule[] } {
  const [document] = readDocuments(join(componentsDir, component, "kustomization.yaml"));
  const { kind, patches } = document?.object as unknown as Component;
  if (kind !== "Component") throw new Error(`${component} is a ${kind}`);
  const controller = structuredClone(theOnly("CompositeController", "kafka-hooks-kafka")) as { spec: { childResources: ChildResource[] } };
  const rules: PolicyRule[] = [];
  for (const { target, patch } of patches) {
    const onController = target["kind"] === "CompositeController" && target["name"] === "kafka-hooks-kafka";
    const onRole = target["kind"] === "ClusterRole" && target["name"] === "metacontroller";
    if (!onController && !onRole) throw new Error(`${component} patches ${JSON.stringify(target)}`);
    for (const op of yaml.load(patch) as Array<{ op: string; path: string; value: ChildResource & PolicyRule }>) {
      const path = onController ? "/spec/childResources/-" : "/rules/-";
      if (op.op !== "add" || op.path !== path) throw new Error(`${component}: ${op.op} ${op.path}`);
      if (onController) controller.spec.childResources.push(op.value);
      else rules.push(op.value);
    }
  }
  return { children: controller.spec.childResources, rules };
}

for (const [type, kind, component] of [["route", "Route", "openshift-routes"], ["tlsroute", "TLSRoute", "gateway-tlsroutes"]] as const) {
  t.test(`a ${type} listener is refused until the ${component} component declares ${kind}s, and then accepted`, async (t) => {
    const listener = { name: "external", port: 9094, type, tls: true } as GenericKafkaListener;
    const [refusal] = undeclaredListenerKinds([listener], {});
    const named = /metacontroller\/components\/(\S+)/.exec(refusal?.message ?? "")?.[1];
    t.equal(named, component, "the refusal names the component");
    t.ok(existsSync(join(componentsDir, component, "kustomization.yaml")), "which exists");

    const { children, rules } = withComponent(component);
    const added = children.slice(-1);
    t.match(added, [{ resource: `${kind.toLowerCase()}s`, updateStrategy: { method: "InPlace" } }], "the kind's resource, updated in place as every other child");
    // Metacontroller keys children by kind and apiVersion; the hook looks for that key.
    const apiVersion = added[0]?.apiVersion ?? "";
    t.same(undeclaredListenerKinds([listener], { [typeKey(kind, apiVersion)]: {} }), [], `${kind}s of ${apiVersion} are what the hook needs`);
    t.strictSame(rules, [childRule({ apiVersion, resource: `${kind.toLowerCase()}s` })], "Metacontroller may manage them as children");
  });
}
