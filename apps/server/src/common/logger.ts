import type { IncomingMessage, ServerResponse } from 'node:http';
import { RequestMethod } from '@nestjs/common';
import type { Params } from 'nestjs-pino';
import type { LogSettings } from '../config/settings.js';
import { logTally } from './log-tally.js';

/** The path nginx asks before proxying /sim/<name>/ (docker.controller.ts). */
const ROUTE_LOOKUP = '/api/docker/routes/';

/** JSON lines in production, one readable line per entry in development. */
export function loggerOptions(log: LogSettings): Params {
  const format = log.format;
  logTally.complete = ['trace', 'debug', 'info'].includes(log.level);
  return {
    // nestjs-pino's default routes plus the paths outside the /api prefix, which Nest also adds back
    // itself: /readyz was logged twice. One wildcard route that Nest widens once.
    forRoutes: [{ path: '/{*path}', method: RequestMethod.ALL }],
    pinoHttp: {
      level: log.level,
      hooks: {
        logMethod(args, method, level) {
          logTally.record(level);
          method.apply(this, args);
        },
      },
      // Credentials never reach the log: headers, and a token in the query string (as some clients send).
      redact: [
        'req.headers.authorization',
        'req.headers.cookie',
        'req.headers["x-api-key"]',
        'req.query.token',
      ],
      serializers: {
        req: (req: { url?: string } & Record<string, unknown>) => ({
          ...req,
          url: req.url?.replace(/([?&](?:token|access_token|key)=)[^&]*/gi, '$1[Redacted]'),
        }),
      },
      // A console polled all day would drown the log in 200s; they stay visible at debug. A 503 is
      // a deliberate answer (not ready, over capacity), not a fault: it must not count as an error.
      // nginx's route lookups (/sim/<name>/) answer 401/403 by design, once per proxied request.
      customLogLevel: (req: IncomingMessage, res: ServerResponse, err?: Error) =>
        err || (res.statusCode >= 500 && res.statusCode !== 503)
          ? 'error'
          : res.statusCode >= 400 && !req.url?.startsWith(ROUTE_LOOKUP)
            ? 'warn'
            : 'debug',
      // A 5xx without a thrown error (503 from /readyz, say) is one line saying so, not a made-up
      // Error with pino-http's own stack.
      customErrorMessage: (req: IncomingMessage, res: ServerResponse, err: Error) =>
        isAnswer(res, err)
          ? `${req.method} ${req.url} answered ${res.statusCode}`
          : `${req.method} ${req.url} failed: ${err.message}`,
      customErrorObject: (
        _req: IncomingMessage,
        res: ServerResponse,
        err: Error,
        val: Record<string, unknown>,
      ) => (isAnswer(res, err) ? { ...val, err: undefined } : val),
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

/** pino-http makes up an Error for any 5xx; this says whether that is all there is. */
const isAnswer = (res: ServerResponse, err: Error): boolean =>
  err.message === `failed with status code ${res.statusCode}`;
