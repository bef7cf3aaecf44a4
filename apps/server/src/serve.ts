import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { LockedError } from './adapters/fs/append-only-file.js';
import { AppModule } from './app.module.js';
import { configureApp } from './bootstrap.js';
import { AppConfig, ConfigError, loadConfig } from './config/app-config.js';
import { HttpSettings, SETTING_NAMES } from './config/settings.js';

/** Starts the server: settings, the Nest application, the listener. Exits 1 on what stops it. */
export async function serve(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`simscope: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bufferLogs: true,
    bodyParser: false,
  });
  configureApp(app);
  const http = app.get(HttpSettings);
  try {
    await app.listen(http.port, http.host);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      process.stderr.write(
        `simscope: ${http.host}:${http.port} is already in use (another simscope?); set PORT or HOST to serve elsewhere\n`,
      );
      await app.close().catch(() => undefined);
      process.exit(1);
    }
    throw err;
  }
  const logger = new Logger('simscope');
  logger.log(
    `Serving on ${servedUrl(http.host, http.port)}: the console at /, the API at /api, its OpenAPI page at /api/docs`,
  );
  if (http.authMode === 'none' && !isLoopback(http.host)) {
    logger.warn(
      `${SETTING_NAMES.auth}=none on ${http.host}: anyone who can reach this address can read the inventory and every simulation's logs; set ${SETTING_NAMES.auth}=token (or HOST=127.0.0.1)`,
    );
  }
}

const isLoopback = (host: string): boolean =>
  host === 'localhost' || host === '::1' || /^127\./.test(host);

/** The address to open: an any-address listener is reached as localhost from this machine. */
function servedUrl(host: string, port: number): string {
  const any = host === '0.0.0.0' || host === '::' || host === '';
  const shown = any ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${port}${any ? ' (all interfaces)' : ''}`;
}

/** The one line a failed start-up prints (a stack only for what we did not foresee). */
export function startupFailed(err: unknown): never {
  if (err instanceof LockedError) {
    process.stderr.write(`simscope: ${err.message}\n`);
  } else {
    process.stderr.write(
      `simscope: start-up failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
  }
  process.exit(1);
}
