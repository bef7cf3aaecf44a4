import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import type { LogSettings } from '../config/settings.js';
import { logTally } from './log-tally.js';

/** JSON lines in production, one readable line per entry in development. */
export function loggerOptions(log: LogSettings): Params {
  const format = log.format;
  return {
    pinoHttp: {
      level: log.level,
      hooks: {
        logMethod(args, method, level) {
          logTally.record(level);
          method.apply(this, args);
        },
      },
      redact: ['req.headers.authorization', 'req.headers.cookie'],
      // A console polled all day would drown the log in 200s; they stay visible at debug. A 503 is
      // a deliberate answer (not ready, over capacity), not a fault: it must not count as an error.
      customLogLevel: (_req: IncomingMessage, res: ServerResponse, err?: Error) =>
        err || (res.statusCode >= 500 && res.statusCode !== 503)
          ? 'error'
          : res.statusCode >= 400
            ? 'warn'
            : 'debug',
      transport:
        format === 'pretty'
          ? {
              target: 'pino-pretty',
              options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l' },
            }
          : undefined,
    },
  };
}
