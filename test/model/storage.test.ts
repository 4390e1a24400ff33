import t from "tap";
import { storageProblems } from "../../lib/model/storage.js";

t.test("JBOD volume ids are unique and fit Strimzi's Java int, so claim names stay data-<id>-<pod>", async (t) => {
  const jbod = (...ids: Array<number | undefined>) => storageProblems({
    type: "jbod",
    volumes: ids.map((id) => ({ ...(id === undefined ? {} : { id }), type: "persistent-claim" as const, size: "1Gi" })),
  });
  t.same(jbod(0, 1, 2147483647), []);
  t.same(jbod(0, 2 ** 31), [{ path: "spec.storage.volumes[1].id", message: "must be an integer <= 2147483647" }]);
  t.same(jbod(1e308), [{ path: "spec.storage.volumes[0].id", message: "must be an integer <= 2147483647" }]);
  t.same(jbod(3, 3), [{ path: "spec.storage.volumes[1].id", message: "volume id 3 is used twice" }]);
  t.same(jbod(undefined), [{ path: "spec.storage.volumes[0].id", message: "is required for a volume inside jbod storage" }]);
});
