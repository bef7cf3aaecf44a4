import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

export interface Refusal {
  status: number;
  body: object;
  retryAfterMs?: number;
}

/** A new Socket.IO session: a request under the path without an engine.io session id. */
export function isHandshake(req: IncomingMessage, path: string): boolean {
  const url = req.url ?? '';
  if (!url.startsWith(`${path}/`) && url !== path && !url.startsWith(`${path}?`)) {
    return false;
  }
  const query = url.includes('?') ? url.slice(url.indexOf('?') + 1) : '';
  return !new URLSearchParams(query).has('sid');
}

/**
 * Puts a check in front of engine.io on both entry points (polling requests and websocket
 * upgrades), so a refused handshake gets a plain HTTP status and JSON body whichever transport the
 * client starts with. Must run after Socket.IO attached to the server.
 */
export function installHandshakeAdmission(
  http: HttpServer,
  path: string,
  check: (req: IncomingMessage) => Refusal | null,
): void {
  const onRequest = http.listeners('request') as ((
    req: IncomingMessage,
    res: ServerResponse,
  ) => void)[];
  http.removeAllListeners('request');
  http.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const refusal = isHandshake(req, path) ? check(req) : null;
    if (refusal) {
      const body = JSON.stringify(refusal.body);
      res.writeHead(refusal.status, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
        'cache-control': 'no-store',
        ...(refusal.retryAfterMs
          ? { 'retry-after': String(Math.ceil(refusal.retryAfterMs / 1000)) }
          : {}),
      });
      res.end(body);
      return;
    }
    onRequest.forEach((l) => l.call(http, req, res));
  });

  const onUpgrade = http.listeners('upgrade') as ((
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
  ) => void)[];
  http.removeAllListeners('upgrade');
  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refusal = isHandshake(req, path) ? check(req) : null;
    if (refusal) {
      const body = JSON.stringify(refusal.body);
      const retry = refusal.retryAfterMs
        ? `Retry-After: ${Math.ceil(refusal.retryAfterMs / 1000)}\r\n`
        : '';
      socket.end(
        `HTTP/1.1 ${refusal.status} ${refusal.status === 401 ? 'Unauthorized' : 'Service Unavailable'}\r\n` +
          `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${retry}` +
          `Connection: close\r\n\r\n${body}`,
      );
      return;
    }
    onUpgrade.forEach((l) => l.call(http, req, socket, head));
  });
}
