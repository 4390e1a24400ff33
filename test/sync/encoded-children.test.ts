import t from "tap";
import type { KubeObject } from "../../lib/api/kubernetes.js";
import { childObjects, childrenFollowedBy, EncodedChildren } from "../../lib/sync/encoded-children.js";

const configMap = (name: string): KubeObject => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name }, data: { note: "Grüße" } });
const secret = (name: string): KubeObject => ({ apiVersion: "v1", kind: "Secret", metadata: { name } });

t.test("children kept as JSON write as the objects would, and keep only the objects asked for", async (t) => {
  const children = [configMap("a"), secret("ca-cert"), configMap("b")];
  const encoded = EncodedChildren.of(children, (c) => c.kind === "Secret");
  t.equal(encoded.json.toString("utf8"), JSON.stringify(children));
  t.equal(JSON.stringify({ children: encoded }), JSON.stringify({ children }), "JSON.stringify writes the objects");
  t.same(encoded.kept, [secret("ca-cert")]);
  t.same(childObjects(encoded), children);
});

t.test("further children follow, joined as bytes, and are kept", async (t) => {
  const removed = [secret("removed-pool")];
  for (const children of [[], [configMap("a")], [configMap("a"), configMap("b")]]) {
    const followed = childrenFollowedBy(EncodedChildren.of(children, () => false), removed) as EncodedChildren;
    t.equal(followed.json.toString("utf8"), JSON.stringify([...children, ...removed]), `after ${children.length} children`);
    t.same(followed.kept, removed);
    t.same(childrenFollowedBy(children, removed), [...children, ...removed], "objects are joined as objects");
  }
  const encoded = EncodedChildren.of([configMap("a")], () => false);
  t.equal(childrenFollowedBy(encoded, []), encoded, "nothing to follow: the very same children");
  const objects = [configMap("a")];
  t.equal(childrenFollowedBy(objects, []), objects, "objects too");
});
