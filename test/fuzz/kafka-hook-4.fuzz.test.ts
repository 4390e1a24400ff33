// Share 4 of 4 of the Kafka hook's fuzz run (test/fuzz/fuzz-run.ts): four files
// so that tap's two jobs run them in parallel, each well within tap's timeout.
import t from "tap";
import { fuzzShare } from "./fuzz-run.js";

fuzzShare(t, 3, 4);
