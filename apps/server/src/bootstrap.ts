import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { createValidationPipe } from './common/validation.js';
import { SIGN_IN_PATHS } from './auth/oidc.controller.js';
import { HttpSettings } from './config/settings.js';
import { setupOpenApi } from './common/openapi.js';
import { serveConsole } from './web/serve-console.js';
import { LeanIoAdapter } from './live/lean-io.adapter.js';

/** Mirrors nginx/default.conf's CSP and headers; HSTS is the TLS terminator's to set, not ours. */
export const SECURITY_HEADERS: Parameters<typeof helmet>[0] = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'"],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  },
  referrerPolicy: { policy: 'same-origin' },
  frameguard: { action: 'deny' },
  strictTransportSecurity: false,
};

/** Everything main.ts and the e2e tests share, so tests run the app as production does. */
export function configureApp(app: NestExpressApplication): NestExpressApplication {
  const http = app.get(HttpSettings);
  app.useLogger(app.get(Logger));
  // req.ip (the write rate limit) follows the same rule as the socket caps.
  app.set('trust proxy', http.trustProxy ?? false);
  // The same headers nginx adds at the edge (nginx/default.conf), for `npm start` without it.
  app.use(helmet(SECURITY_HEADERS));
  app.useBodyParser('json', { limit: http.bodyLimit });
  app.setGlobalPrefix('api', { exclude: ['healthz', 'readyz', 'metrics', ...SIGN_IN_PATHS] });
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  app.useWebSocketAdapter(new LeanIoAdapter(app));
  setupOpenApi(app);
  serveConsole(app, http.webDist);
  return app;
}
