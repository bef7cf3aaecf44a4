import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import express from 'express';
import { serveConsole } from './serve-console.js';

describe('serveConsole', () => {
  let root: string;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'simscope-web-'));
    writeFileSync(join(root, 'index.html'), '<app-root></app-root>');
    writeFileSync(join(root, 'main-ABCDEFGH12.js'), 'console.log(1)');
    // Files named like server paths: the static handler must not even look for them.
    writeFileSync(join(root, 'healthz'), 'from disk');
    mkdirSync(join(root, 'api'));
    writeFileSync(join(root, 'api', 'notes'), 'from disk');
    const app = express();
    serveConsole(app as unknown as NestExpressApplication, root);
    app.use((_req, res) => res.status(299).send('server route'));
    await new Promise<void>((resolve) => (server = app.listen(0, '127.0.0.1', () => resolve())));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    rmSync(root, { recursive: true, force: true });
  });

  it.each<[string, string, Record<string, string>, number, RegExp, string | null]>([
    ['a hashed bundle, cached for a year', '/main-ABCDEFGH12.js', {}, 200, /console/, 'immutable'],
    [
      'a console route, as index.html',
      '/dashboard/docker',
      { accept: 'text/html' },
      200,
      /app-root/,
      'no-cache',
    ],
    ['/healthz, to the server', '/healthz', { accept: 'text/html' }, 299, /server route/, null],
    [
      "a simulation's UI, which only nginx serves: says so (not the dashboard)",
      '/sim/sim-a/index.html',
      { accept: 'text/html' },
      404,
      /nginx entry point/,
      null,
    ],
    ['an API path, to the server', '/api/notes', {}, 299, /server route/, null],
    [
      'signing in (a browser asks for html), to the server',
      '/auth/login?rd=%2F',
      { accept: 'text/html' },
      299,
      /server route/,
      null,
    ],
    [
      'a missing asset for a script, to the server',
      '/nope.js',
      { accept: 'application/javascript' },
      299,
      /server route/,
      null,
    ],
  ])('%s', async (_case, path, headers, status, body, cache) => {
    const res = await fetch(`${base}${path}`, { headers });

    expect(res.status).toBe(status);
    expect(await res.text()).toMatch(body);
    if (cache) {
      expect(res.headers.get('cache-control')).toContain(cache);
    }
  });
});
