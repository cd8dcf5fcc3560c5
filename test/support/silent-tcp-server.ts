// A TCP server on 127.0.0.1 that accepts connections and never answers: a database that hangs (a partition, a stopped
// server behind a proxy), for proving a client gives up instead of waiting forever.
import { createServer, type AddressInfo, type Socket } from "node:net";

export interface SilentTcpServer {
  port: number;
  /** Connections accepted so far: proves the client did reach it. */
  accepted(): number;
  close(): Promise<void>;
}

export async function startSilentTcpServer(): Promise<SilentTcpServer> {
  const sockets: Socket[] = [];
  const server = createServer((socket) => void sockets.push(socket));
  await new Promise<void>((ready) => server.listen(0, "127.0.0.1", () => ready()));
  return {
    port: (server.address() as AddressInfo).port,
    accepted: () => sockets.length,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((closed) => server.close(closed));
    },
  };
}
