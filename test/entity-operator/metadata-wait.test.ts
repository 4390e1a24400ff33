// KafkaTopics waiting for the broker to show their topic, on fake time: one
// Metadata request for all of them per poll, each handed back as soon as its
// topic is shown, or at the deadline.
import t from "tap";
import { MetadataWait } from "../../entity-operator/topic-operator/metadata-wait.js";
import { FakeTimers } from "../helpers/fake-timers.js";

function waiter(shownAt: (poll: number) => string[] | Error) {
  const timers = new FakeTimers();
  const asked: string[][] = [];
  const requeued: [number, string][] = [];
  const errors: string[] = [];
  const wait = new MetadataWait({
    shown: async (names) => {
      asked.push([...names]);
      const answer = shownAt(asked.length);
      if (answer instanceof Error) throw answer;
      return new Set(answer);
    },
    requeue: (key) => requeued.push([timers.now(), key]),
    onError: (error) => errors.push(String(error)),
    pollMs: 250,
    deadlineMs: 1000,
    timers,
  });
  return { wait, timers, asked, requeued, errors };
}

t.test("one request for all waiting; each goes back once shown", async (t) => {
  const { wait, timers, asked, requeued } = waiter((poll) => (poll === 1 ? ["topic-a"] : ["topic-b", "topic-c"]));
  wait.add("a", "topic-a");
  wait.add("b", "topic-b");
  wait.add("c", "topic-c");
  await timers.advance(249);
  t.strictSame(asked, [], "the first poll waits its interval");
  await timers.advance(1);
  t.strictSame(asked, [["topic-a", "topic-b", "topic-c"]]);
  t.strictSame(requeued, [[250, "a"]]);
  t.equal(wait.size(), 2);
  await timers.advance(250);
  t.strictSame(asked, [["topic-a", "topic-b", "topic-c"], ["topic-b", "topic-c"]]);
  t.strictSame(requeued, [[250, "a"], [500, "b"], [500, "c"]]);
  t.equal(wait.size(), 0);
  await timers.advance(5000);
  t.equal(asked.length, 2, "nothing waits, nothing is asked");
});

t.test("two KafkaTopics naming one topic: the name is asked once", async (t) => {
  const { wait, timers, asked, requeued } = waiter(() => ["shared"]);
  wait.add("first", "shared");
  wait.add("second", "shared");
  await timers.advance(250);
  t.strictSame(asked, [["shared"]]);
  t.strictSame(requeued, [[250, "first"], [250, "second"]]);
});

t.test("a topic never shown goes back at the deadline; a failed poll is reported and the next asks again", async (t) => {
  const { wait, timers, asked, requeued, errors } = waiter((poll) => (poll === 2 ? new Error("broker unreachable") : []));
  wait.add("gone", "deleted-in-kafka");
  await timers.advance(750);
  t.equal(asked.length, 3);
  t.strictSame(errors, ["Error: broker unreachable"]);
  t.strictSame(requeued, []);
  await timers.advance(250);
  t.strictSame(requeued, [[1000, "gone"]], "waited its deadline, then a pass again");
  t.equal(wait.size(), 0);
});

t.test("a key added again waits afresh; stop ends the polls", async (t) => {
  const { wait, timers, asked, requeued } = waiter(() => []);
  wait.add("k", "topic");
  await timers.advance(750);
  wait.add("k", "topic");
  await timers.advance(750);
  t.strictSame(requeued, [], "its deadline counts from the second add");
  await timers.advance(250);
  t.strictSame(requeued, [[1750, "k"]]);
  wait.add("k", "topic");
  await wait.stop();
  wait.add("k", "topic");
  const polls = asked.length;
  await timers.advance(5000);
  t.equal(asked.length, polls, "stopped: no poll");
  t.equal(wait.size(), 0);
});
