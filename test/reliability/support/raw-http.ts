// HTTP calls on a fresh connection each (no keep-alive pool), so a server that closes a socket after refusing a body cannot break the next call.
import { request } from "node:http";

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

export function rawHttp(method: string, url: string, headers: Record<string, string> = {}, body?: string | Buffer): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    let answered = false;
    let failure: Error | undefined;
    const req = request(url, { method, headers, agent: false }, (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    // A server may answer 413 and close before reading the whole body: the answer still arrives, so a broken pipe only
    // fails the call when no answer came before the socket closed.
    req.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EPIPE" || error.code === "ECONNRESET") failure = error;
      else reject(error);
    });
    req.on("close", () => {
      if (!answered) reject(failure ?? new Error("socket closed without an answer"));
    });
    if (body !== undefined) req.end(body);
    else req.end();
  });
}

export const basicAuth = (id: string, password: string) => `Basic ${Buffer.from(`${id}:${password}`).toString("base64")}`;
