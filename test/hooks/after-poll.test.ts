import { once } from "node:events";
import { createServer, connect, type Socket } from "node:net";
import t from "tap";
import { afterPoll } from "../../hooks/after-poll.js";

/**
 * From inside the data callback of one connection, a byte is written to another one, which the
 * kernel delivers at once; then the callback yields. Returns the order in which the yield resolved
 * and the other connection's data was read.
 */
async function orderAfterYield(yieldLoop: () => Promise<unknown>): Promise<string[]> {
  const sockets: Socket[] = [];
  const server = createServer((socket) => sockets.push(socket));
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as { port: number };
  const [first, second] = [connect(port, "127.0.0.1"), connect(port, "127.0.0.1")];
  await Promise.all([once(first, "connect"), once(second, "connect")]);
  while (sockets.length < 2) await once(server, "connection");
  const [reading, other] = sockets as [Socket, Socket];
  const order: string[] = [];
  const done = new Promise<void>((resolve) => {
    other.once("data", () => {
      order.push("other connection read");
      if (order.length === 2) resolve();
    });
    reading.once("data", () => {
      second.write("b");
      void yieldLoop().then(() => {
        order.push("yield resolved");
        if (order.length === 2) resolve();
      });
    });
  });
  first.write("a");
  await done;
  for (const socket of [first, second, ...sockets]) socket.destroy();
  server.close();
  return order;
}

t.test("afterPoll lets I/O that arrived meanwhile be read first; one setImmediate does not", async (t) => {
  t.same(await orderAfterYield(afterPoll), ["other connection read", "yield resolved"]);
  t.same(await orderAfterYield(() => new Promise((resolve) => setImmediate(resolve))), ["yield resolved", "other connection read"],
    "from an I/O callback, one setImmediate runs before the next poll: the reason afterPoll takes two");
});
