// The trusted certificates' patterns match a Secret's keys as Java's glob PathMatcher
// matches them (Strimzi's ReconcilerUtils), and what the clients load is found or named.
import t from "tap";
import { globMatcher } from "../../../lib/operands/kafka-clients/client-secrets.js";

t.test("Java's glob over a Secret's keys", async (t) => {
  const matches = (glob: string, keys: readonly string[]) => keys.filter((k) => globMatcher(glob).test(k));
  const keys = ["ca.crt", "ca.p12", "ca.password", "user.crt", "user.key", "tls.crt", "a.b.crt", "crt"];
  t.same(matches("*.crt", keys), ["ca.crt", "user.crt", "tls.crt", "a.b.crt"]);
  t.same(matches("ca.*", keys), ["ca.crt", "ca.p12", "ca.password"]);
  t.same(matches("{ca,tls}.crt", keys), ["ca.crt", "tls.crt"]);
  t.same(matches("???.crt", keys), ["tls.crt", "a.b.crt"]);
  t.same(matches("[tu]*.crt", keys), ["user.crt", "tls.crt"]);
  t.same(matches("[!tu]*.crt", keys), ["ca.crt", "a.b.crt"]);
  t.same(matches("ca.crt", keys), ["ca.crt"], "a plain name matches itself only");
  t.same(matches("(ca).crt", ["(ca).crt", "ca.crt"]), ["(ca).crt"], "regular expression characters are literal");
});
