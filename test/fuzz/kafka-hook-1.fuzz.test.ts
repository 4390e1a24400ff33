// The first half of the Kafka hook's fuzz run (test/fuzz/fuzz-run.ts).
import t from "tap";
import { fuzzShare } from "./fuzz-run.js";

fuzzShare(t, 0, 2);
