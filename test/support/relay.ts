import { connect, createServer, type Server, type Socket } from 'node:net';

export interface HangingRelay {
  /** tcp://127.0.0.1:<port>, for DOCKER_HOST. */
  host: string;
  /** The engine hangs: nothing more is forwarded either way, except `_ping` requests. */
  hang(): void;
  /** It answers again: what was held goes through, in order. */
  recover(): void;
  close(): Promise<void>;
}

/**
 * A TCP relay in front of a Docker engine's unix socket that can play the fault seen on dockerd 20.10
 * during mass removals: connections stay open and `_ping` answers, but list, inspect and the event
 * stream go silent. While hung, each connection holds what it receives instead of forwarding it; a
 * connection whose first request is `_ping` is always forwarded.
 */
export async function hangingRelay(engineSocket: string): Promise<HangingRelay> {
  let hung = false;
  const pairs = new Set<{ resume(): void; end(): void }>();
  const server: Server = createServer((client: Socket) => {
    const engine = connect(engineSocket);
    let ping: boolean | null = null;
    const held: [Socket, Buffer][] = [];
    const forward = (to: Socket, chunk: Buffer) => {
      if (hung && ping !== true) {
        held.push([to, chunk]);
      } else {
        to.write(chunk);
      }
    };
    client.on('data', (chunk: Buffer) => {
      ping ??= /^[A-Z]+ (\/v[\d.]+)?\/_ping[ ?]/.test(chunk.toString('latin1', 0, 64));
      forward(engine, chunk);
    });
    engine.on('data', (chunk: Buffer) => forward(client, chunk));
    const pair = {
      resume: () => held.splice(0).forEach(([to, chunk]) => to.write(chunk)),
      end: () => {
        client.destroy();
        engine.destroy();
      },
    };
    pairs.add(pair);
    const drop = () => {
      pairs.delete(pair);
      pair.end();
    };
    client.on('close', drop).on('error', drop);
    engine.on('close', drop).on('error', drop);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    host: `tcp://127.0.0.1:${port}`,
    hang: () => {
      hung = true;
    },
    recover: () => {
      hung = false;
      pairs.forEach((p) => p.resume());
    },
    close: () =>
      new Promise<void>((resolve) => {
        pairs.forEach((p) => p.end());
        server.close(() => resolve());
      }),
  };
}
