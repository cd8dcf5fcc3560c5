// A TCP proxy on 127.0.0.1 to a real server that can be frozen: every byte is dropped from then on, both ways, while
// the sockets stay open (no FIN, no RST). A network partition, or a node that lost power, after its connections were
// made: for proving a client (or the server) gives up instead of waiting forever.
import { connect, createServer, type AddressInfo, type Socket } from "node:net";

export interface FreezableTcpProxy {
  port: number;
  /**
   * From now on nothing passes, and nothing is closed: on every connection, later ones too ("all"), or only on the one
   * opened last ("last": one session cut off while the client's others go on).
   */
  freeze(which?: "all" | "last"): void;
  /** Lets bytes pass again (what was dropped stays dropped: a connection used meanwhile is broken). */
  thaw(): void;
  /** Destroys every connection (the peer sees them end) and stops listening. */
  close(): Promise<void>;
}

export async function startFreezableTcpProxy(target: { host: string; port: number }): Promise<FreezableTcpProxy> {
  let frozen = false;
  const sockets: Socket[] = [];
  const frozenOnes = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    sockets.push(client, upstream);
    const passes = () => !frozen && !frozenOnes.has(client);
    client.on("data", (data) => void (passes() && upstream.write(data)));
    upstream.on("data", (data) => void (passes() && client.write(data)));
    for (const [socket, other] of [[client, upstream], [upstream, client]] as const) {
      socket.on("error", () => {});
      socket.on("close", () => other.destroy());
    }
  });
  await new Promise<void>((ready) => server.listen(0, "127.0.0.1", () => ready()));
  return {
    port: (server.address() as AddressInfo).port,
    freeze: (which = "all") => {
      if (which === "all") frozen = true;
      else if (sockets.length > 0) frozenOnes.add(sockets[sockets.length - 2]!);
    },
    thaw: () => {
      frozen = false;
      frozenOnes.clear();
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((closed) => server.close(closed));
    },
  };
}

/** `connectionString` with its host and port replaced by the proxy's. */
export function viaProxy(connectionString: string, proxy: FreezableTcpProxy): string {
  const url = new URL(connectionString);
  url.hostname = "127.0.0.1";
  url.port = String(proxy.port);
  return url.href;
}
