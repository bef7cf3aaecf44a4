import type { IncomingMessage } from 'node:http';
import type { AuthService, Verdict } from '../auth/auth.service.js';
import { initialSocketData, type LiveServer, type LiveSocket } from './live-stream.service.js';

/** Time for the last words (`live:closing`, a connect error) to go out before the socket closes. */
const CLOSE_GRACE_MS = 500;

/** Sockets being closed (so they are not closed, or counted, twice). */
export const closing = new WeakSet<object>();

/** Disconnects and closes the connection after a short grace, even if its queue never drains. */
export function closeSoon(socket: LiveSocket): void {
  closing.add(socket);
  const conn = socket.conn as unknown as { close(discard?: boolean): void };
  setTimeout(() => {
    socket.disconnect(true);
    conn.close(true);
  }, CLOSE_GRACE_MS).unref();
}

/**
 * Who opens each live connection (its `auth.token`, see AuthService.identifyLive), kept in the
 * socket's data for the event roles; a refused handshake gets a connect error and its connection
 * closes. A revoked key's open connections close at once.
 */
export function authenticateSockets(
  server: LiveServer,
  auth: AuthService,
  clientIp: (req: IncomingMessage) => string,
  count: (reason: string) => void,
): void {
  server.use((socket, next) => {
    const given = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    const ip = clientIp(socket.request);
    void auth
      .identifyLive({
        credential: typeof given === 'string' ? given : undefined,
        client: ip,
        peer: socket.request.socket.remoteAddress ?? 'unknown',
        headers: socket.request.headers,
      })
      .then((verdict: Verdict) => {
        if (verdict.ok) {
          socket.data = initialSocketData(ip, verdict.identity);
          next();
          return;
        }
        const reason =
          verdict.status === 429
            ? 'rate_limited'
            : verdict.status === 403
              ? 'forbidden'
              : 'unauthorized';
        const err = new Error(reason) as Error & { data?: object };
        err.data = { status: verdict.status, error: reason, message: verdict.message };
        count(reason);
        next(err);
        // A refused socket must not keep its connection (and its slot) open.
        closeSoon(socket);
      });
  });
  auth.revoked$.subscribe((id) => {
    for (const socket of server.sockets.sockets.values()) {
      if (socket.data.identity.id === id && !closing.has(socket)) {
        count('revoked');
        socket.emit('live:closing', { reason: 'revoked', detail: 'the API key was revoked' });
        closeSoon(socket);
      }
    }
  });
}
