// A real HTTP server on 127.0.0.1 (port 0) whose answers each test scripts, recording every request it receives.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  method: string;
  /** The raw request target, still percent-encoded. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export type TestHandler = (req: RecordedRequest, res: ServerResponse, raw: IncomingMessage) => void | Promise<void>;

export interface TestHttpServer {
  url: string;
  requests: RecordedRequest[];
  /** Requests whose method and path (without query) match. */
  count(method: string, pathPattern: RegExp): number;
  setHandler(handler: TestHandler): void;
  close(): Promise<void>;
}

export async function startTestHttpServer(handler: TestHandler): Promise<TestHttpServer> {
  let current = handler;
  const requests: RecordedRequest[] = [];
  const server = createServer((raw, res) => {
    const chunks: Buffer[] = [];
    raw.on("data", (c: Buffer) => chunks.push(c));
    raw.on("end", () => {
      const req: RecordedRequest = { method: raw.method ?? "", url: raw.url ?? "", headers: raw.headers, body: Buffer.concat(chunks).toString("utf8") };
      requests.push(req);
      Promise.resolve(current(req, res, raw)).catch((e: unknown) => {
        if (!res.headersSent) sendJson(res, 599, { error: String(e) });
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    count: (method, pathPattern) => requests.filter((r) => r.method === method && pathPattern.test(r.url.split("?")[0]!)).length,
    setHandler: (h) => {
      current = h;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

export function sendText(res: ServerResponse, status: number, text: string, contentType = "text/plain"): void {
  res.writeHead(status, { "Content-Type": contentType, "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

/** A port on 127.0.0.1 where nothing listens (taken and released at once). */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
