import { fileURLToPath } from 'node:url';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { AppConfig } from './config/app-config.js';
import { createValidationPipe } from './common/validation.js';
import { compileTrust } from './config/trust-proxy.js';
import { setupOpenApi } from './common/openapi.js';
import { serveConsole } from './web/serve-console.js';

const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../web/dist/browser', import.meta.url));

/** Everything main.ts and the e2e tests share, so tests run the app as production does. */
export function configureApp(app: NestExpressApplication): NestExpressApplication {
  const config = app.get(AppConfig);
  app.useLogger(app.get(Logger));
  // req.ip (the write rate limit) follows the same rule as the socket caps.
  app.set('trust proxy', compileTrust(config.SIMSCOPE_TRUST_PROXY) ?? false);
  app.useBodyParser('json', { limit: config.SIMSCOPE_BODY_LIMIT });
  app.setGlobalPrefix('api', { exclude: ['healthz', 'readyz', 'metrics'] });
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  setupOpenApi(app);
  serveConsole(app, config.SIMSCOPE_WEB_DIST ?? DEFAULT_WEB_ROOT);
  return app;
}
