// The layers docs/ARCHITECTURE.md draws (The layers), checked on every `make test`:
// a module imports only from its own layer and the layers below it.
const LAYERS = [
  {
    name: "basics",
    path: "^lib/(hash|same-data|heap-size|sort-keys|encoded-json|labels|names|reasons|remembered-budget|memo|log-redaction)\\.ts$|^lib/kafka-files/",
  },
  { name: "api", path: "^lib/(api/|metacontroller\\.ts$)" },
  { name: "pki", path: "^lib/(pki/|environment\\.ts$)" },
  { name: "model", path: "^lib/model/" },
  // The Topic Operator's rules on KafkaTopics and topics (issue 23), and KafkaRebalance's state machine (issue 25): pure.
  { name: "topics", path: "^lib/(topics|rebalance)/" },
  // The brokers' configuration files, rendered from the model.
  { name: "config", path: "^lib/config/" },
  { name: "certificates", path: "^lib/(certificates/|hooks-tls\\.ts$)" },
  { name: "parts", path: "^lib/(builders|podset|roller|volumes|status)/" },
  // The operands' homes (issue 21): each builds its children from the parts below.
  { name: "operands", path: "^lib/(operands|users)/" },
  { name: "sync", path: "^lib/sync/" },
  { name: "programs", path: "^(hooks|sidecar|cli|entity-operator)/|^lib/metacontroller-rbac\\.ts$" },
  // The stand-ins, requests and harnesses the tests and the benchmarks share: below both, importing neither.
  { name: "test-support", path: "^test/helpers/" },
  { name: "tests", path: "^(bench/|test/(?!helpers/))" },
];

const above = (index) => LAYERS.slice(index + 1).map((layer) => layer.path).join("|");

module.exports = {
  forbidden: [
    ...LAYERS.slice(0, -1).map((layer, index) => ({
      name: `${layer.name}-imports-no-higher-layer`,
      comment: `${layer.name} is a lower layer: it imports nothing from the layers above it`,
      severity: "error",
      from: { path: layer.path },
      to: { path: above(index) },
    })),
    {
      name: "no-circular",
      comment: "modules import in one direction",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "builders-only-for-sync",
      comment: "builders make the children of one sync; the parts beside them (podset, roller, volumes, status) share basics, not builders",
      severity: "error",
      from: { path: "^lib/(podset|roller|volumes|status)/" },
      to: { path: "^lib/builders/" },
    },
    {
      name: "programs-apart",
      comment: "the hooks server, the sidecar and the command line are separate programs: what they share lives in lib",
      severity: "error",
      from: { path: "^(hooks|sidecar|cli)/" },
      to: { path: "^(hooks|sidecar|cli)/", pathNot: "^$1/" },
    },
    {
      name: "entity-operator-is-a-leaf",
      comment: "the Entity Operator's process may use the sidecar's generic modules; no other program imports it",
      severity: "error",
      from: { path: "^(hooks|sidecar|cli)/" },
      to: { path: "^entity-operator/" },
    },
    {
      name: "entity-operator-is-no-hook",
      comment: "the Entity Operator acts on Kafka and on its custom resources; what the hooks answer is none of its business",
      severity: "error",
      from: { path: "^entity-operator/" },
      to: { path: "^lib/(sync|builders|operands)/" },
    },
    {
      name: "sidecar-is-no-hook",
      comment: "the sidecar acts on the cluster; what the hooks answer (sync, builders) is none of its business",
      severity: "error",
      from: { path: "^sidecar/" },
      to: { path: "^lib/(sync|builders)/" },
    },
    {
      name: "tests-never-import-bench",
      severity: "error",
      from: { path: "^test/" },
      to: { path: "^bench/" },
    },
    {
      name: "only-helpers-are-shared",
      comment: "benchmarks and other test files use the stand-ins and requests in test/helpers, never a test file",
      severity: "error",
      from: { path: "^(test|bench)/" },
      to: { path: "\\.test\\.ts$" },
    },
    {
      name: "bench-uses-only-test-support",
      comment: "the benchmarks share test/helpers with the tests, and nothing else of test/",
      severity: "error",
      from: { path: "^bench/" },
      to: { path: "^test/", pathNot: "^test/helpers/" },
    },
    {
      name: "no-dev-dependencies-at-run-time",
      comment: "the image installs production dependencies only; a dev dependency may lend production code its types",
      severity: "error",
      from: { path: "^(hooks|lib|sidecar|cli|entity-operator)/" },
      to: { dependencyTypes: ["npm-dev"], dependencyTypesNot: ["type-only"] },
    },
    {
      name: "no-unlisted-dependencies",
      severity: "error",
      from: {},
      to: { dependencyTypes: ["npm-no-pkg", "npm-unknown", "unknown", "undetermined"] },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(dist|node_modules)/" },
    tsConfig: { fileName: "tsconfig.json" },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: [".ts", ".js"], exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default", "types"] },
  },
};
