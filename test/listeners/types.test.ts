// The listener type table (lib/model/listener-types.ts) agrees with itself: what a
// type accepts fits what exposes it and where its addresses come from, so a new
// entry cannot ask for hosts it may not be given, or the reverse.
import t from "tap";
import type { ListenerType } from "../../lib/api/kafka.js";
import { LISTENER_TYPES, type ListenerTypeRules } from "../../lib/model/listener-types.js";

const typesWhere = (test: (rules: ListenerTypeRules) => boolean): ListenerType[] =>
  (Object.entries(LISTENER_TYPES) as Array<[ListenerType, ListenerTypeRules]>).filter(([, rules]) => test(rules)).map(([type]) => type);

t.test("the types exposed by host are those that accept hosts; those whose kind attaches to a Gateway accept parentRefs", async (t) => {
  t.same(typesWhere((r) => r.exposedBy !== undefined), ["route", "ingress", "tlsroute"]);
  t.same(typesWhere((r) => r.options.includes("hosts")), typesWhere((r) => r.exposedBy !== undefined));
  t.same(typesWhere((r) => r.options.includes("parentRefs")), typesWhere((r) => r.exposedBy?.needsParentRefs === true));
  t.same(typesWhere((r) => r.exposedBy !== undefined && r.services !== "ClusterIP"), [], "what exposes a listener by host reaches ClusterIP Services");
});

t.test("options of a Service type belong to the types with Services of that type", async (t) => {
  t.same(typesWhere((r) => r.services === "LoadBalancer"), ["loadbalancer"]);
  for (const option of ["loadBalancerSourceRanges", "allocateLoadBalancerNodePorts", "finalizers", "createBootstrapService", "loadBalancerIP"] as const) {
    t.same(typesWhere((r) => r.options.includes(option)), typesWhere((r) => r.services === "LoadBalancer"), option);
  }
  t.same(typesWhere((r) => r.options.includes("nodePort")), typesWhere((r) => r.services === "NodePort" || r.services === "LoadBalancer"), "node ports: NodePort and LoadBalancer Services");
  t.same(typesWhere((r) => r.options.includes("externalIPs")), typesWhere((r) => r.services === "NodePort"));
  t.same(typesWhere((r) => r.options.includes("preferredNodePortAddressType")), typesWhere((r) => r.addresses === "node"), "a node address type is preferred where brokers advertise their node's address");
  t.same(typesWhere((r) => r.addresses === "node"), typesWhere((r) => r.services === "NodePort"));
  t.same(typesWhere((r) => r.addresses === "load-balancer"), typesWhere((r) => r.services === "LoadBalancer"));
});
