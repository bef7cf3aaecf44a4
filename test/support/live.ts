import type {
  ClientToServerEvents,
  DockerSimulationsDelta,
  DockerSimulationsPayload,
  ServerToClientEvents,
} from '@simscope/contracts';
import { io, type Socket } from 'socket.io-client';

export type TypedSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export function connect(
  baseUrl: string,
  options: {
    transports?: ('websocket' | 'polling')[];
    token?: string;
    /** Request headers of the handshake (a session cookie, say). */
    headers?: Record<string, string>;
  } = {},
): TypedSocket {
  return io(baseUrl, {
    path: '/socket.io',
    transports: options.transports ?? ['websocket'],
    forceNew: true,
    reconnection: false,
    auth: options.token ? { token: options.token } : undefined,
    extraHeaders: options.headers,
  });
}

/** Resolves with the first snapshot; rejects on connect_error. */
export function firstSnapshot(socket: TypedSocket): Promise<DockerSimulationsPayload> {
  return new Promise((resolve, reject) => {
    socket.once('docker_simulations', resolve);
    socket.once('connect_error', reject);
  });
}

/** Records every delta a socket receives. */
export function recordDeltas(socket: TypedSocket): DockerSimulationsDelta[] {
  const seen: DockerSimulationsDelta[] = [];
  socket.on('docker_simulations:delta', (d) => seen.push(d));
  return seen;
}

/**
 * `connect` for one test file: every socket it opens is disconnected after each test, or at once by
 * `closeAll()` (before closing a server the test started itself).
 */
export function socketsClosedAfterEach(): typeof connect & { closeAll(): void } {
  const sockets: TypedSocket[] = [];
  const closeAll = () => sockets.splice(0).forEach((s) => s.disconnect());
  afterEach(closeAll);
  const open = (baseUrl: string, options?: Parameters<typeof connect>[1]): TypedSocket => {
    const socket = connect(baseUrl, options);
    sockets.push(socket);
    return socket;
  };
  return Object.assign(open, { closeAll });
}
