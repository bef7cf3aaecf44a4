import { request } from 'node:http';
import WebSocket from 'ws';
import type { LiveClosing, WatchAck } from '@simscope/contracts';
import { startApp, type RunningApp } from '../support/app.js';
import { removeTestContainers } from '../support/engine.js';
import { eventually } from '../support/eventually.js';
import {
  createContainers,
  runContainer,
  testEngineHost,
  uniqueName,
} from '../support/factories.js';
import { firstSnapshot, socketsClosedAfterEach } from '../support/live.js';

const open = socketsClosedAfterEach();

const MB = 1024 * 1024;

/** GET (or a websocket upgrade of) the handshake URL with the given headers: the status code. */
function handshakeStatus(
  baseUrl: string,
  transport: 'polling' | 'websocket',
  headers: Record<string, string>,
): Promise<number> {
  const url = `${baseUrl}/socket.io/?EIO=4&transport=${transport}`;
  if (transport === 'polling') {
    return new Promise((resolve, reject) => {
      const req = request(url, { headers }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
  }
  return new Promise((resolve) => {
    const ws = new WebSocket(url.replace('http', 'ws'), { headers });
    ws.on('unexpected-response', (_req, res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('error', () => undefined);
  });
}

async function healthzMs(baseUrl: string): Promise<number> {
  const t0 = Date.now();
  const res = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(5000) });
  await res.text();
  return Date.now() - t0;
}

describe('the live stream under abuse', () => {
  let running: RunningApp;
  const cluster = uniqueName('abuse');

  beforeAll(async () => {
    running = await startApp({
      DOCKER_HOST: testEngineHost(),
      SIMSCOPE_LIVE_EVENTS_PER_SECOND: '20',
      SIMSCOPE_LIVE_MAX_WATCHES: '3',
      SIMSCOPE_ALLOWED_ORIGINS: 'https://console.example.org',
    });
    // A snapshot worth flooding for: 40 simulations, each with an 8 KB label (≈ 350 KB).
    await createContainers(40, (i) => `${cluster}-${i}`, {
      'simscope.enable': 'true',
      'simscope.cluster': cluster,
      'simscope.padding': 'x'.repeat(8192),
    });
    await eventually(
      async () =>
        (await running.client.simulations()).containers.filter((c) => c.cluster === cluster)
          .length === 40,
      15_000,
      'the 40 padded containers listed',
    );
  }, 120_000);

  afterAll(async () => {
    await running?.close();
    removeTestContainers(testEngineHost());
  }, 120_000);

  it('survives a raw websocket that never reads and floods resyncs: bounded memory, healthy, closed', async () => {
    const snapshot = await running.client.simulations();
    expect(JSON.stringify(snapshot).length).toBeGreaterThan(300_000);
    const ws = new WebSocket(
      `${running.baseUrl.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`,
    );
    const joined = new Promise<void>((resolve, reject) => {
      ws.on('message', (data: Buffer) => {
        const text = data.toString();
        if (text.startsWith('0')) {
          ws.send('40');
        } else if (text.startsWith('40')) {
          resolve();
        }
      });
      ws.on('error', reject);
    });
    await joined;
    const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
    // Stop reading: whatever the server queues for this socket now stays in its memory.
    (ws as unknown as { _socket: { pause(): void } })._socket.pause();

    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    let slowest = 0;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 50);
    for (let i = 0; i < 3000; i++) {
      ws.send('42["docker_simulations:resync"]');
      if (i % 500 === 0) {
        slowest = Math.max(slowest, await healthzMs(running.baseUrl));
      }
    }
    for (let i = 0; i < 10; i++) {
      slowest = Math.max(slowest, await healthzMs(running.baseUrl));
      await new Promise((r) => setTimeout(r, 200));
    }
    clearInterval(sampler);
    (ws as unknown as { _socket: { resume(): void } })._socket.resume();
    await closed;

    expect((peak - before) / MB).toBeLessThan(200);
    expect(slowest).toBeLessThan(1000);
    const metrics = await (await fetch(`${running.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/simscope_live_refusals_total\{reason="rate_limited"\} [1-9]/);
  }, 60_000);

  it('caps the containers one socket watches, and closes a socket that floods subscribe', async () => {
    const ids = [1, 2, 3, 4].map(() => runContainer({ name: uniqueName('sim-watch') }));
    const [first] = ids as [string];
    const socket = open(running.baseUrl);
    await firstSnapshot(socket);
    await eventually(
      async () => {
        const rows = (await running.client.simulations()).containers;
        return ids.every((id) => rows.some((c) => c.id === id && c.state === 'running'));
      },
      10_000,
      'the four watch targets running',
    );
    const acks: WatchAck[] = [];
    for (const id of ids) {
      acks.push(await socket.emitWithAck('watch_container', { id }));
    }
    expect(acks.map((a) => a.ok)).toEqual([true, true, true, false]);
    expect(acks[3]?.error).toContain('at most 3');
    // Watching one it already watches is not one more.
    await expect(socket.emitWithAck('watch_container', { id: first })).resolves.toMatchObject({
      ok: true,
    });

    const closing = new Promise<LiveClosing>((resolve) => socket.once('live:closing', resolve));
    const gone = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    for (let i = 0; i < 500; i++) {
      socket.emit('subscribe', { clusters: [`c${i}`] });
    }
    await expect(closing).resolves.toMatchObject({ reason: 'rate_limited' });
    await gone;
  }, 60_000);

  it('refuses a cross-site handshake with 403 on both transports, and lets same-origin, listed and script clients in', async () => {
    const own = new URL(running.baseUrl).host;
    for (const transport of ['polling', 'websocket'] as const) {
      await expect(
        handshakeStatus(running.baseUrl, transport, { origin: 'https://evil.example' }),
      ).resolves.toBe(403);
      await expect(
        handshakeStatus(running.baseUrl, transport, { origin: `http://${own}` }),
      ).resolves.toBe(transport === 'polling' ? 200 : 101);
      await expect(
        handshakeStatus(running.baseUrl, transport, { origin: 'https://console.example.org' }),
      ).resolves.toBe(transport === 'polling' ? 200 : 101);
      await expect(handshakeStatus(running.baseUrl, transport, {})).resolves.toBe(
        transport === 'polling' ? 200 : 101,
      );
    }
  });
});

describe('the live stream with a token and a per-address cap', () => {
  let running: RunningApp;

  beforeAll(async () => {
    running = await startApp({
      DOCKER_HOST: testEngineHost(),
      SIMSCOPE_API_TOKEN: 'right-token-0123456789',
      RUNTIME_WS_MAX_CLIENTS_PER_IP: '5',
    });
  }, 60_000);
  afterAll(() => running?.close(), 60_000);

  it('does not let wrong-token connections hold the slots of a client with the right token', async () => {
    // Raw connections that send a wrong token and then simply stay open, as a squatter would.
    const url = `${running.baseUrl.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`;
    const squatters = Array.from({ length: 5 }, () => new WebSocket(url));
    const refused = await Promise.all(
      squatters.map(
        (ws) =>
          new Promise<string>((resolve, reject) => {
            ws.on('message', (data: Buffer) => {
              const text = data.toString();
              if (text.startsWith('0')) {
                ws.send(`40${JSON.stringify({ token: 'wrong-token-0123456789' })}`);
              } else if (text.startsWith('44')) {
                resolve(text);
              }
            });
            ws.on('error', reject);
          }),
      ),
    );
    expect(refused.every((t) => t.includes('unauthorized'))).toBe(true);

    // The refused connections are closed by the server, not left to time out.
    await eventually(
      async () => {
        const socket = open(running.baseUrl, { token: 'right-token-0123456789' });
        try {
          await firstSnapshot(socket);
          return true;
        } catch {
          return false;
        } finally {
          socket.disconnect();
        }
      },
      3000,
      'a right-token client admitted within 3 s',
    );
    squatters.forEach((ws) => ws.terminate());
  }, 30_000);
});
