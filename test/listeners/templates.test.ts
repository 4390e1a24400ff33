// Strimzi's per-broker templates and object names.
import t from "tap";
import type { GenericKafkaListener } from "../../lib/api/kafka.js";
import { listenerBootstrapRouteName, listenerBootstrapServiceName, listenerPortName, perBrokerObjectName } from "../../lib/model/listener-names.js";
import {
  advertisedHostOverride, advertisedPortOverride, brokerAnnotations, brokerHost, brokerLabels, evaluatePortTemplate, renderHostTemplate,
} from "../../lib/model/listener-templates.js";

const node = { nodeId: 12, podName: "my-cluster-brokers-12" };

t.test("advertisedPortTemplate: integers, {nodeId}, +, -, * and parentheses, * first", async (t) => {
  const cases: Array<[string, number, number]> = [
    ["9000", 5, 9000],
    ["9000+{nodeId}", 5, 9005],
    ["9000 + {nodeId}", 5, 9005],
    ["{nodeId} + 9000", 5, 9005],
    ["9000 + ({nodeId} * 10)", 5, 9050],
    ["9000 + {nodeId} * 10", 5, 9050],
    ["(9000 + {nodeId}) * 2", 5, 18010],
    ["10000 - {nodeId} - 1", 5, 9994],
  ];
  for (const [template, nodeId, port] of cases) t.same(evaluatePortTemplate(template, nodeId), { port }, template);
  t.same(evaluatePortTemplate("9000 / {nodeId}", 1), { error: `unexpected "/" at position 6; only numbers, {nodeId}, +, -, * and parentheses are allowed` });
  t.same(evaluatePortTemplate("{nodePodName}", 1), { error: `unexpected "{" at position 1; only numbers, {nodeId}, +, -, * and parentheses are allowed` });
  t.same(evaluatePortTemplate("(9000 + {nodeId}", 1), { error: "a parenthesis is not closed" });
  t.same(evaluatePortTemplate("9000 +", 1), { error: "the formula ends too early" });
  t.same(evaluatePortTemplate("9000 9001", 1), { error: "the formula has text after its end" });
  t.same(evaluatePortTemplate("", 1), { error: "the formula ends too early" });
});

t.test("host templates: {nodeId} and {nodePodName}; a broker's own value wins", async (t) => {
  t.equal(renderHostTemplate("{nodePodName}.{nodeId}.example.com", node), "my-cluster-brokers-12.12.example.com");
  const listener: GenericKafkaListener = {
    name: "ext", port: 9094, type: "route", tls: true,
    configuration: {
      hostTemplate: "b-{nodeId}.example.com",
      advertisedHostTemplate: "a-{nodeId}.example.com",
      advertisedPortTemplate: "8000 + {nodeId}",
      perBrokerLabelsTemplate: { node: "{nodeId}", fixed: "x" },
      perBrokerAnnotationsTemplate: { "dns/name": "{nodePodName}.example.com" },
      brokers: [{ broker: 12, host: "twelve.example.com", advertisedPort: 443, labels: { fixed: "y" } }, { broker: 12, advertisedHost: "second-entry.example.com" }],
    },
  };
  t.equal(brokerHost(listener, node), "twelve.example.com");
  t.equal(brokerHost(listener, { nodeId: 3, podName: "p-3" }), "b-3.example.com");
  t.equal(advertisedHostOverride(listener, node), "second-entry.example.com", "the first entry of the broker that sets the field, as Strimzi finds it");
  t.equal(advertisedPortOverride(listener, node), 443);
  t.equal(advertisedPortOverride(listener, { nodeId: 3, podName: "p-3" }), 8003);
  t.same(brokerLabels(listener, node), { node: "12", fixed: "y" });
  t.same(brokerAnnotations(listener, node), { "dns/name": "my-cluster-brokers-12.example.com" });
  t.equal(advertisedHostOverride({ name: "x", port: 9092, type: "internal", tls: false }, node), undefined);
});

t.test("Strimzi's names, including its older ones for plain, tls and external", async (t) => {
  const l = (name: string, port: number, type: GenericKafkaListener["type"]) => ({ name, port, type });
  t.equal(listenerPortName(l("plain", 9092, "internal")), "tcp-clients");
  t.equal(listenerPortName(l("tls", 9093, "internal")), "tcp-clientstls");
  t.equal(listenerPortName(l("external", 9094, "loadbalancer")), "tcp-external");
  t.equal(listenerPortName(l("plain", 9095, "internal")), "tcp-plain");
  t.equal(listenerPortName(l("tls", 9093, "cluster-ip")), "tcp-tls");
  t.equal(listenerBootstrapServiceName("c", l("plain", 9092, "internal")), "c-kafka-bootstrap");
  t.equal(listenerBootstrapServiceName("c", l("external", 9094, "route")), "c-kafka-external-bootstrap");
  t.equal(listenerBootstrapRouteName("c", l("external", 9094, "route")), "c-kafka-bootstrap");
  t.equal(listenerBootstrapRouteName("c", l("ext", 9094, "route")), "c-kafka-ext-bootstrap");
  t.equal(perBrokerObjectName("c", "pool", 7, l("external", 9094, "nodeport")), "c-pool-7");
  t.equal(perBrokerObjectName("c", "pool", 7, l("external", 9095, "nodeport")), "c-pool-external-7");
});
