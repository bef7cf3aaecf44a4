import type { IncomingMessage } from 'node:http';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

/** How far past its event rate a socket may go (dropped events) before it is closed. */
export const CLOSE_AFTER_TIMES_OVER = 5;

export type EventVerdict = 'ok' | 'drop' | 'close';

/**
 * Incoming socket events per socket per second: within the rate they pass, beyond it they are
 * dropped, and a socket that keeps sending at many times the rate is closed.
 */
export class SocketEventLimiter {
  private readonly limiter: RateLimiterMemory;

  constructor(private readonly perSecond: number) {
    this.limiter = new RateLimiterMemory({ points: perSecond, duration: 1 });
  }

  async check(socketId: string): Promise<EventVerdict> {
    try {
      await this.limiter.consume(socketId);
      return 'ok';
    } catch (err) {
      if (!(err instanceof RateLimiterRes)) {
        throw err;
      }
      return err.consumedPoints > this.perSecond * CLOSE_AFTER_TIMES_OVER ? 'close' : 'drop';
    }
  }

  forget(socketId: string): void {
    void this.limiter.delete(socketId);
  }
}

/**
 * Whether a handshake's Origin may open the stream: no Origin (a script, not a browser), the same
 * origin as the request's own Host, or one of the configured extra origins. A browser page on
 * another site always sends its Origin, so it cannot read the stream with the user's cookies or
 * from inside their network (cross-site WebSocket hijacking).
 */
export function originAllowed(req: IncomingMessage, allowed: readonly string[]): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) {
    return true;
  }
  let host: string;
  try {
    host = new URL(origin).host.toLowerCase();
  } catch {
    return false;
  }
  const own = (req.headers.host ?? '').toLowerCase();
  return (own !== '' && host === own) || allowed.includes(origin.toLowerCase());
}
