// A callback receiver for tests: a real HTTP server on 127.0.0.1 that answers with a scripted sequence of statuses.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface CallbackTarget {
  url: string;
  received: { path: string; body: string; contentType: string | undefined; authorization: string | undefined }[];
  /** Statuses to answer, in order; once used up, 204. */
  script: number[];
  close(): Promise<void>;
}

export async function startCallbackTarget(script: number[] = []): Promise<CallbackTarget> {
  const target: CallbackTarget = { url: "", received: [], script: [...script], close: async () => {} };
  const server: Server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (body += chunk));
    req.on("end", () => {
      target.received.push({ path: req.url ?? "", body, contentType: req.headers["content-type"], authorization: req.headers.authorization });
      res.statusCode = target.script.shift() ?? 204;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  target.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  target.close = () => new Promise((resolve) => server.close(() => resolve()));
  return target;
}
