import { fileURLToPath } from 'node:url';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { createValidationPipe } from './common/validation.js';
import { HttpSettings } from './config/settings.js';
import { setupOpenApi } from './common/openapi.js';
import { serveConsole } from './web/serve-console.js';

const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../web/dist/browser', import.meta.url));

/** Everything main.ts and the e2e tests share, so tests run the app as production does. */
export function configureApp(app: NestExpressApplication): NestExpressApplication {
  const http = app.get(HttpSettings);
  app.useLogger(app.get(Logger));
  // req.ip (the write rate limit) follows the same rule as the socket caps.
  app.set('trust proxy', http.trustProxy ?? false);
  app.useBodyParser('json', { limit: http.bodyLimit });
  app.setGlobalPrefix('api', { exclude: ['healthz', 'readyz', 'metrics'] });
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  setupOpenApi(app);
  serveConsole(app, http.webDist ?? DEFAULT_WEB_ROOT);
  return app;
}
