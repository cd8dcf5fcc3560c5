// A small round-robin-at-random HTTP load balancer on 127.0.0.1: each request goes to one of the nodes, chosen by a seeded random stream.
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Random } from "../../soak/seeded-random.js";

export interface LoadBalancer {
  url: string;
  /** How many requests each node received, by node index. */
  counts: number[];
  close(): Promise<void>;
}

export async function startLoadBalancer(nodeUrls: () => readonly string[], random: Random): Promise<LoadBalancer> {
  const counts: number[] = [];
  const server: Server = createServer((req, res) => {
    const urls = nodeUrls();
    const index = Math.floor(random() * urls.length);
    counts[index] = (counts[index] ?? 0) + 1;
    const target = new URL(req.url ?? "/", urls[index]);
    const upstream = request(target, { method: req.method, headers: { ...req.headers, host: target.host } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on("error", () => {
      res.writeHead(502).end();
    });
    req.pipe(upstream);
  });
  await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    counts,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}
