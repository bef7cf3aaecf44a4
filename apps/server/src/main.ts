import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { LockedError } from './adapters/fs/append-only-file.js';
import { AppModule } from './app.module.js';
import { configureApp } from './bootstrap.js';
import { AppConfig, ConfigError, loadConfig } from './config/app-config.js';
import { HttpSettings } from './config/settings.js';

async function main(): Promise<void> {
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
  await app.listen(http.port, http.host);
}

main().catch((err: unknown) => {
  if (err instanceof LockedError) {
    process.stderr.write(`simscope: ${err.message}\n`);
  } else {
    process.stderr.write(
      `simscope: start-up failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
  }
  process.exit(1);
});
