import { InjectionToken } from '@angular/core';
import {
  SOCKET_PATH,
  type CapacityRefusal,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from '@simscope/contracts';
import { io, type Socket } from 'socket.io-client';
import { storedToken } from './token';

export type TypedSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Makes one connection attempt; the live-data service owns retries, so reconnection is off. */
export type LiveSocketFactory = () => TypedSocket;

export const LIVE_SOCKET_FACTORY = new InjectionToken<LiveSocketFactory>('LIVE_SOCKET_FACTORY', {
  providedIn: 'root',
  factory: () => () => {
    const token = storedToken();
    return io({
      path: SOCKET_PATH,
      // Polling first: a refused handshake's 503 body (with retryAfterMs) is readable over XHR,
      // not over a failed WebSocket upgrade. The connection upgrades to WebSocket right after.
      transports: ['polling', 'websocket'],
      reconnection: false,
      forceNew: true,
      timeout: 8000,
      auth: token ? { token } : {},
    });
  },
});

/** The server's 503 body for a refused handshake, when the error carries it. */
export function capacityRefusal(err: unknown): CapacityRefusal | null {
  const e = err as {
    context?: { responseText?: unknown; status?: unknown };
    description?: unknown;
  };
  const text = e?.context?.responseText;
  if (typeof text !== 'string' || text === '') {
    return null;
  }
  try {
    const body = JSON.parse(text) as Partial<CapacityRefusal>;
    return body.error === 'websocket_capacity_reached' ? (body as CapacityRefusal) : null;
  } catch {
    return null;
  }
}
