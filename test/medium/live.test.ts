import { LiveInventory, type DockerSimulationsPayload } from '@simscope/contracts';
import WebSocket from 'ws';
import { startApp, type RunningApp } from '../support/app.js';
import { docker } from '../support/engine.js';
import { eventually } from '../support/eventually.js';
import {
  createContainers,
  removeContainer,
  runContainer,
  startContainers,
  testEngineHost,
  uniqueName,
} from '../support/factories.js';
import { firstSnapshot, recordDeltas, socketsClosedAfterEach } from '../support/live.js';

const open = socketsClosedAfterEach();

describe('the live stream', () => {
  let running: RunningApp;

  beforeAll(async () => {
    running = await startApp({ DOCKER_HOST: testEngineHost(), SIMSCOPE_RECONCILE_MS: '3600000' });
    await eventually(async () => (await running.client.dockerStatus()).reachable, 10_000, 'live');
  });
  afterAll(async () => running.close());

  it('sends a snapshot on connect, a delta for a docker run and a removal for its removal', async () => {
    const socket = open(running.baseUrl);
    const snapshot = await firstSnapshot(socket);
    const deltas = recordDeltas(socket);
    expect(snapshot.schema).toBe('simscope.docker-simulations.v1');
    expect(snapshot.sequence).toBe((await running.client.simulations()).sequence);

    const id = runContainer({ name: uniqueName('sim-live') });
    const added = await eventually(
      () => deltas.find((d) => d.upserts.some((c) => c.id === id)),
      1000,
      'delta within 1 s',
    );
    removeContainer(id);
    const removed = await eventually(
      () => deltas.find((d) => d.removals.includes(id)),
      1000,
      'removal within 1 s',
    );

    expect(added.schema).toBe('simscope.docker-simulations-delta.v1');
    expect(added.upserts.length).toBeLessThanOrEqual(2);
    expect(removed.sequence).toBeGreaterThan(added.sequence);
  });

  it('coalesces a burst of 100 new containers into deltas of several changes each and ends exactly where the server is', async () => {
    const socket = open(running.baseUrl);
    const live = new LiveInventory(socket);
    await firstSnapshot(socket);
    const deltas = recordDeltas(socket);
    const burst = uniqueName('burst');
    const seqBefore = live.state?.sequence ?? 0;

    // The engine creates containers far faster than it starts them (≈6 starts/s on 2 cores), so
    // the creates are the dense burst: 100 inventory changes within a second or two.
    const t0 = Date.now();
    const ids = await createContainers(100, (i) => `${burst}-${i}`, {
      'simscope.enable': 'true',
      'simscope.cluster': burst,
    });
    const createMs = Date.now() - t0;
    await eventually(
      () => live.state?.containers.filter((c) => c.cluster === burst).length === 100,
      5000,
      'all 100 in the client',
    );
    await new Promise((r) => setTimeout(r, 400)); // the last merged delta lands
    const burstDeltas = deltas.length;
    const changes = (live.state?.sequence ?? 0) - seqBefore;

    // Then they all start; each start is a change the client must end up with, exactly.
    const t1 = Date.now();
    await startContainers(ids);
    const startMs = Date.now() - t1;
    await eventually(
      () =>
        live.state?.containers.filter((c) => c.cluster === burst && c.state === 'running')
          .length === 100,
      10_000,
      'all 100 running in the client',
    );
    await new Promise((r) => setTimeout(r, 400));
    const server = await running.client.simulations();

    process.stdout.write(
      `burst: 100 creates in ${createMs} ms → ${changes} changes in ${burstDeltas} deltas; ` +
        `100 starts in ${startMs} ms → ${deltas.length - burstDeltas} deltas\n`,
    );
    // Coalescing, not the engine's speed: on a quiet machine the creates land within half a second as
    // 3–4 deltas; on a busy one they spread over two and come in more, smaller clumps. Either way each
    // delta carries several changes (without coalescing: 100 deltas of one).
    expect(changes).toBeGreaterThanOrEqual(100);
    expect(burstDeltas).toBeLessThanOrEqual(changes / 5);
    expect(live.gaps).toBe(0);
    expect(live.state?.fingerprint).toBe(server.fingerprint);
    expect(live.state?.sequence).toBe(server.sequence);
    expect(live.state?.containers).toEqual(
      server.containers.map((c): unknown => expect.objectContaining({ id: c.id, phase: c.phase })),
    );
    docker(testEngineHost(), ['rm', '-f', ...ids]);
  });

  it('resyncs after a skipped sequence and converges', async () => {
    // Let the previous test's removals settle, so no merged delta still spans the faked gap.
    let last = -1;
    await eventually(
      async () => {
        const seq = (await running.client.simulations()).sequence;
        const quiet = seq === last;
        last = seq;
        await new Promise((r) => setTimeout(r, 500));
        return quiet;
      },
      30_000,
      'a quiet inventory',
    );
    const socket = open(running.baseUrl);
    const live = new LiveInventory(socket);
    await firstSnapshot(socket);
    // Pretend this client missed a delta: it now holds an older sequence than the next delta's start.
    const state = live.state as DockerSimulationsPayload;
    (live as unknown as { current: DockerSimulationsPayload }).current = {
      ...state,
      sequence: state.sequence - 5,
    };

    const id = runContainer({ name: uniqueName('sim-gap') });
    await eventually(() => live.state?.containers.some((c) => c.id === id), 2000, 'converged');

    expect(live.gaps).toBe(1);
    expect(live.state?.fingerprint).toBe((await running.client.simulations()).fingerprint);
    removeContainer(id);
  });

  it('gives a helper made after the socket connected a snapshot of its own, not a gap', async () => {
    // The console attaches per-feature stores when a page opens, often after the connect-time
    // snapshot went by; on a quiet engine no delta would ever arrive to reveal the miss.
    const socket = open(running.baseUrl);
    await firstSnapshot(socket);
    expect(socket.connected).toBe(true);
    const live = new LiveInventory(socket);
    await eventually(() => live.state !== null, 3000, 'a snapshot for the late helper');
    expect(live.gaps).toBe(0);
    expect(live.state?.fingerprint).toBe((await running.client.simulations()).fingerprint);
  });

  it('sends one shared snapshot to clients on every transport while the inventory stands still', async () => {
    const id = runContainer({ name: uniqueName('sim-shared') });
    let last = -1;
    await eventually(
      async () => {
        await new Promise((r) => setTimeout(r, 300));
        const { sequence } = await running.client.simulations();
        const quiet = sequence === last;
        last = sequence;
        return quiet;
      },
      10_000,
      'a quiet inventory',
    );

    const snapshots = await Promise.all(
      ([['websocket'], ['polling'], ['polling', 'websocket']] as ('websocket' | 'polling')[][]).map(
        (transports) => firstSnapshot(open(running.baseUrl, { transports })),
      ),
    );

    const rest = await running.client.simulations();
    for (const snapshot of snapshots) {
      expect(snapshot.sequence).toBe(rest.sequence);
      expect(snapshot.containers.map((c) => c.id)).toEqual(rest.containers.map((c) => c.id));
      // Encoded once: the very same payload, down to when it was generated.
      expect(snapshot).toEqual(snapshots[0]);
    }
    removeContainer(id);
  });

  it('sends a cluster subscriber only its cluster', async () => {
    const mine = uniqueName('mine');
    const socket = open(running.baseUrl);
    await firstSnapshot(socket);
    const ack = await socket.emitWithAck('subscribe', { clusters: [mine] });
    const deltas = recordDeltas(socket);

    const other = runContainer({
      name: uniqueName('sim-other'),
      labels: { 'simscope.cluster': uniqueName('other') },
    });
    const wanted = runContainer({
      name: uniqueName('sim-mine'),
      labels: { 'simscope.cluster': mine },
    });
    await eventually(
      () => deltas.some((d) => d.upserts.some((c) => c.id === wanted)),
      2000,
      'my delta',
    );

    expect(ack).toEqual({ ok: true, clusters: [mine], hosts: null });
    expect(deltas.flatMap((d) => d.upserts).every((c) => c.cluster === mine)).toBe(true);
    expect(deltas.flatMap((d) => d.upserts).map((c) => c.id)).not.toContain(other);
    [other, wanted].forEach(removeContainer);
  });

  it('rejects an invalid subscribe', async () => {
    const socket = open(running.baseUrl);
    await firstSnapshot(socket);
    const reply = await new Promise((resolve) => {
      socket.once('exception' as never, resolve as never);
      socket.emit('subscribe', { clusters: 'all' as never });
    });
    expect(reply).toMatchObject({
      status: 'error',
      message: expect.stringMatching(/clusters must be an array/),
    });
  });
});

describe('connection caps', () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp({
      DOCKER_HOST: testEngineHost(),
      RUNTIME_WS_MAX_CLIENTS: '5',
      RUNTIME_WS_MAX_CLIENTS_PER_IP: '50',
    });
  });
  afterAll(async () => running.close());

  const wsRefusal = (base: string) =>
    new Promise<{ status: number; body: unknown }>((resolve, reject) => {
      const ws = new WebSocket(
        `${base.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`,
      );
      ws.on('unexpected-response', (_req, res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(body) }));
      });
      ws.on('open', () => reject(new Error('websocket was accepted')));
      ws.on('error', () => {});
    });

  it('refuses the sixth client with 503 and the capacity body on both transports, then admits after one leaves', async () => {
    const five = Array.from({ length: 5 }, () => open(running.baseUrl));
    await Promise.all(five.map(firstSnapshot));

    const polling = await fetch(`${running.baseUrl}/socket.io/?EIO=4&transport=polling`);
    const ws = await wsRefusal(running.baseUrl);
    const sixth = open(running.baseUrl, { transports: ['polling'] });
    const sixthError = await new Promise<Error>((resolve) => sixth.once('connect_error', resolve));

    const expected = {
      error: 'websocket_capacity_reached',
      max: 5,
      current: 5,
      retryAfterMs: expect.any(Number),
    };
    expect(polling.status).toBe(503);
    expect(await polling.json()).toMatchObject(expected);
    expect(ws).toEqual({ status: 503, body: expect.objectContaining(expected) });
    expect(sixthError).toBeInstanceOf(Error);

    five[0]?.disconnect();
    const next = open(running.baseUrl);
    await eventually(
      async () => {
        const s = open(running.baseUrl);
        const ok = await firstSnapshot(s).then(
          () => true,
          () => false,
        );
        s.disconnect();
        return ok;
      },
      3000,
      'a slot is free again',
    );
    next.disconnect();
  });

  it('frees every slot after 10,000 connect/disconnect cycles, abrupt closes among them', async () => {
    const url = `${running.baseUrl.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`;
    const cycle = (abrupt: boolean) =>
      new Promise<void>((resolve) => {
        const ws = new WebSocket(url);
        ws.once('message', () => (abrupt ? ws.terminate() : ws.close()));
        ws.once('close', () => resolve());
        ws.once('error', () => resolve());
      });
    let done = 0;
    const worker = async () => {
      while (done < 10_000) {
        const n = done++;
        await cycle(n % 3 === 0);
      }
    };
    await Promise.all(Array.from({ length: 4 }, worker));

    // Exactly the cap fits again: five connect, the sixth is refused.
    const five = Array.from({ length: 5 }, () => open(running.baseUrl));
    await eventually(
      async () => {
        const results = await Promise.all(
          five.map((s) =>
            s.connected
              ? Promise.resolve(true)
              : firstSnapshot(s).then(
                  () => true,
                  () => false,
                ),
          ),
        );
        return results.every(Boolean);
      },
      5000,
      'five connect after the churn',
    );
    const polling = await fetch(`${running.baseUrl}/socket.io/?EIO=4&transport=polling`);
    expect(polling.status).toBe(503);
    expect(await polling.json()).toMatchObject({ current: 5, max: 5 });
  }, 120_000);
});

describe('per-IP cap and token', () => {
  it('refuses a client address over its own cap', async () => {
    const running = await startApp({
      DOCKER_HOST: testEngineHost(),
      RUNTIME_WS_MAX_CLIENTS_PER_IP: '2',
    });
    try {
      await Promise.all([open(running.baseUrl), open(running.baseUrl)].map(firstSnapshot));
      const third = await fetch(`${running.baseUrl}/socket.io/?EIO=4&transport=polling`);
      expect(third.status).toBe(503);
      expect(await third.json()).toMatchObject({
        error: 'websocket_capacity_reached',
        max: 2,
        current: 2,
        scope: 'per-ip',
      });
    } finally {
      open.closeAll();
      await running.close();
    }
  });

  it('requires the token when one is set', async () => {
    const token = 'a-long-enough-test-token';
    const running = await startApp({ DOCKER_HOST: testEngineHost(), SIMSCOPE_API_TOKEN: token });
    try {
      const refused = await firstSnapshot(open(running.baseUrl)).catch((e: unknown) => e);
      const wrong = await firstSnapshot(open(running.baseUrl, { token: 'x'.repeat(24) })).catch(
        (e: unknown) => e,
      );
      const accepted = await firstSnapshot(open(running.baseUrl, { token }));

      expect(refused).toMatchObject({
        message: 'unauthorized',
        data: { status: 401, error: 'unauthorized' },
      });
      expect(wrong).toMatchObject({ data: { status: 401 } });
      expect(accepted.schema).toBe('simscope.docker-simulations.v1');
    } finally {
      open.closeAll();
      await running.close();
    }
  });
});
