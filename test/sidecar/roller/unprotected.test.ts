import t from "tap";
import { unprotectedNote } from "../../../lib/roller/unprotected.js";

t.test("the note names each topic, its partitions and why they cannot be protected", async (t) => {
  const p = (topic: string, partition: number, replicationFactor = 1, minInsyncReplicas = 2) => ({ topic, partition, replicationFactor, minInsyncReplicas });
  t.equal(unprotectedNote([p("logs", 2), p("logs", 0), p("pairs", 3, 2, 2)]),
    "The roll does not wait for partitions that cannot stay in sync while a replica restarts: "
    + "logs (partitions 0, 2: replication factor 1, min.insync.replicas 2); pairs (partition 3: replication factor 2, min.insync.replicas 2). "
    + "They are unavailable to acks=all producers while their broker restarts; raise their replication factor above min.insync.replicas to keep them available during rolls.");
  const many = Array.from({ length: 12 }, (_, i) => p("wide", i));
  t.match(unprotectedNote(many), /^The roll does not wait for partitions that cannot stay in sync while a replica restarts: wide \(partitions 0, 1, 2, 3, 4, 5, 6, 7 and 4 more: replication factor 1, min\.insync\.replicas 2\)\./);
});
