import 'reflect-metadata';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Test } from '@nestjs/testing';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from '../../apps/server/src/app.module.js';
import { configureApp } from '../../apps/server/src/bootstrap.js';
import { loadConfig } from '../../apps/server/src/config/app-config.js';
import { SimscopeClient } from '@simscope/contracts';
import { removeTestContainers } from './engine.js';
import { connect, firstSnapshot, type TypedSocket } from './live.js';
import { HOST_GUARD_OFF } from './built-server.js';

export interface RunningApp {
  app: NestExpressApplication;
  baseUrl: string;
  client: SimscopeClient;
  close(): Promise<void>;
}

/** Starts the real server on a loopback port with the given environment. */
export async function startApp(env: Record<string, string>): Promise<RunningApp> {
  // Each server gets a data directory of its own: two on one directory are refused (the lock).
  const config = loadConfig({
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'error',
    LOG_FORMAT: 'json',
    SIMSCOPE_DATA_DIR: mkdtempSync(join(tmpdir(), 'simscope-data-')),
    SIMSCOPE_WRITE_RATE_LIMIT: '100000',
    ...HOST_GUARD_OFF,
    ...env,
  });
  const moduleRef = await Test.createTestingModule({
    imports: [AppModule.forRoot(config)],
  }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({
    bufferLogs: true,
    bodyParser: false,
  });
  configureApp(app);
  try {
    await app.listen(0, '127.0.0.1');
  } catch (err) {
    // Providers that started before the failure (event stream, scheduler) must not outlive it.
    await app.close().catch(() => undefined);
    throw err;
  }
  const address = app.getHttpServer().address() as { port: number };
  const baseUrl = `http://127.0.0.1:${address.port}`;
  return {
    app,
    baseUrl,
    client: new SimscopeClient({ baseUrl, token: env.SIMSCOPE_API_TOKEN }),
    close: () => app.close(),
  };
}

/**
 * One real server for a describe block: started before its tests, closed after them with the
 * sockets the tests opened (push them onto `sockets`) and, when given, the test containers of `host`.
 */
export function appForSuite(
  env: Record<string, string>,
  cleanup?: { removeContainersOf?: string },
): {
  readonly running: RunningApp;
  sockets: { disconnect(): unknown }[];
  /** A live socket that has its first snapshot; closed with the suite. */
  socket(): Promise<TypedSocket>;
} {
  let running: RunningApp | undefined;
  const suite = {
    get running(): RunningApp {
      if (!running) {
        throw new Error('the suite app is not running (beforeAll failed?)');
      }
      return running;
    },
    sockets: [] as { disconnect(): unknown }[],
    async socket(): Promise<TypedSocket> {
      const socket = connect(suite.running.baseUrl);
      suite.sockets.push(socket);
      await firstSnapshot(socket);
      return socket;
    },
  };
  beforeAll(async () => {
    running = await startApp(env);
  }, 60_000);
  afterAll(async () => {
    suite.sockets.forEach((s) => s.disconnect());
    await running?.close();
    if (cleanup?.removeContainersOf) {
      removeTestContainers(cleanup.removeContainersOf);
    }
  }, 60_000);
  return suite;
}
