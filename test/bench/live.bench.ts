/**
 * npm run bench:live — the live stream under 1,000 watchers, from a process separate from the server.
 * Baseline: a raw Docker events subscriber in this same process (the physical limit for latency).
 * Latency is measured twice: with BENCH_LATENCY_CLIENTS (100) connected, then with all BENCH_CLIENTS.
 * Memory per client: the server's RSS and V8 heap (its /metrics) before any client and after all.
 * Env: BENCH_TRANSPORTS (polling,websocket), BENCH_CLIENTS (1000), BENCH_INVENTORY (1000), BENCH_STARTS (30), BENCH_IDLE_SECONDS (10).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Docker from 'dockerode';
import { io, type Socket } from 'socket.io-client';
import type {
  ClientToServerEvents,
  DockerSimulationsDelta,
  DockerSimulationsPayload,
  ServerToClientEvents,
} from '@simscope/contracts';
import {
  ensureTestImage,
  privatePlan,
  startPrivateEngine,
  stopPrivateEngine,
  TEST_IMAGE,
} from '../support/engine.js';
import { recordRawStarts } from './raw-events.js';
import { fmt, percentile } from './stats.js';
import { freePort } from '../support/net.js';
import { printReport, runBench } from './harness.js';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 1000);
const INVENTORY = Number(process.env.BENCH_INVENTORY ?? 1000);
const STARTS = Number(process.env.BENCH_STARTS ?? 30);
const IDLE_SECONDS = Number(process.env.BENCH_IDLE_SECONDS ?? 10);
/** As the console connects (long-polling first, then the upgrade); `websocket` for scripts. */
const TRANSPORTS = (process.env.BENCH_TRANSPORTS ?? 'polling,websocket').split(',') as (
  'polling' | 'websocket'
)[];
const LATENCY_CLIENTS = Number(process.env.BENCH_LATENCY_CLIENTS ?? 100);
const LABEL = 'simscope.bench-live';
const serverMain = fileURLToPath(
  new URL('../../../../../apps/server/dist/main.js', import.meta.url),
);

function cpuTicks(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return Number(fields[11]) + Number(fields[12]); // utime + stime, in clock ticks (1/100 s)
}

/** RSS from /proc and the V8 heap in use from the server's own /metrics, in KB, once memory settles. */
async function settledRss(base: string, pid: number): Promise<{ rss: number; heap: number }> {
  await new Promise((r) => setTimeout(r, 3000));
  const rss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
  const text = await (await fetch(`${base}/metrics`)).text();
  const metric = (name: string) =>
    Number(new RegExp(`^${name} (\\S+)`, 'm').exec(text)?.[1] ?? NaN) / 1024;
  const heap = metric('nodejs_heap_size_used_bytes');
  if (process.env.BENCH_DEBUG) {
    console.error(
      `rss ${rss} heap used ${heap} total ${metric('nodejs_heap_size_total_bytes')} external ${metric('nodejs_external_memory_bytes')} KB`,
    );
  }
  return { rss, heap };
}

async function pool<T>(items: T[], n: number, fn: (t: T) => Promise<void>) {
  let i = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (i < items.length) {
        await fn(items[i++]);
      }
    }),
  );
}

async function main(): Promise<void> {
  const plan = privatePlan('bench-live');
  await startPrivateEngine(plan);
  ensureTestImage(plan.host, plan.dir);
  const docker = new Docker({ socketPath: plan.socket });
  const cleanup = async () => {
    const left = await docker.listContainers({ all: true, filters: { label: [LABEL] } });
    await pool(left, 8, async (c) => {
      await docker.getContainer(c.Id).remove({ force: true });
    });
  };
  await cleanup();
  const rows: string[] = [];
  const port = await freePort();
  const server = spawn(process.execPath, [serverMain], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      PORT: String(port),
      HOST: '127.0.0.1',
      DOCKER_HOST: plan.host,
      RUNTIME_WS_MAX_CLIENTS: String(CLIENTS + 100),
      RUNTIME_WS_MAX_CLIENTS_PER_IP: String(CLIENTS + 100),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  const sockets: Socket<ServerToClientEvents, ClientToServerEvents>[] = [];
  try {
    // The inventory: created (not started) containers; the engine starts only ~6 per second here.
    await pool(
      Array.from({ length: INVENTORY }, (_, i) => i),
      8,
      async (i) => {
        await docker.createContainer({
          Image: TEST_IMAGE,
          name: `sim-live-inv-${i}`,
          Cmd: ['sleep', '86400'],
          Labels: { 'simscope.enable': 'true', [LABEL]: '1', 'simscope.cluster': `c${i % 20}` },
          HostConfig: { NetworkMode: 'none' },
        });
      },
    );
    for (let t = 0; ; t++) {
      const res = await fetch(`${base}/api/docker/simulations`).catch(() => null);
      const body = res?.ok ? ((await res.json()) as DockerSimulationsPayload) : null;
      if (body && body.containers.length >= INVENTORY) {
        break;
      }
      if (t > 600) {
        throw new Error('server never showed the inventory');
      }
      await new Promise((r) => setTimeout(r, 100));
    }

    let snapshotBytes = 0;
    const received = new Map<string, number[]>(); // container id → receipt times across clients
    let oneDeltaBytes = 0;
    const connect = async (count: number) =>
      pool(
        Array.from({ length: count }, (_, i) => i),
        50,
        async () => {
          const s: Socket<ServerToClientEvents, ClientToServerEvents> = io(base, {
            transports: TRANSPORTS,
            forceNew: true,
            reconnection: false,
          });
          sockets.push(s);
          await new Promise<void>((resolve, reject) => {
            s.once('docker_simulations', (snap) => {
              snapshotBytes ||= JSON.stringify(snap).length;
              resolve();
            });
            s.once('connect_error', reject);
          });
          // Arrival is stamped as the packet comes off the wire, before Socket.IO decodes it: the
          // decoding of a hundred clients in this one process would otherwise count as latency.
          let arrivedAt = 0;
          s.io.engine.on('packet', () => {
            arrivedAt = performance.now();
          });
          s.on('docker_simulations:delta', (d: DockerSimulationsDelta) => {
            const now = arrivedAt;
            for (const c of d.upserts) {
              if (c.state === 'running') {
                let list = received.get(c.id);
                if (!list) {
                  list = [];
                  received.set(c.id, list);
                  if (d.upserts.length === 1 && d.removals.length === 0) {
                    oneDeltaBytes = JSON.stringify(d).length;
                  }
                }
                list.push(now);
              }
            }
          });
        },
      );

    const raw = await recordRawStarts(docker);
    const pid = server.pid as number;
    let started = 0;
    /** STARTS container starts; per start, each connected client's receipt time minus the raw event's. */
    const measureStarts = async () => {
      const lags: number[] = [];
      const firsts: number[] = [];
      let complete = 0;
      for (let i = 0; i < STARTS; i++) {
        const c = await docker.createContainer({
          Image: TEST_IMAGE,
          name: `sim-live-start-${started++}`,
          Cmd: ['sleep', '86400'],
          Labels: { 'simscope.enable': 'true', [LABEL]: '1' },
          HostConfig: { NetworkMode: 'none' },
        });
        await new Promise((r) => setTimeout(r, 100)); // let the create's delta pass
        await c.start();
        const deadline = Date.now() + 5000;
        while ((received.get(c.id)?.length ?? 0) < sockets.length && Date.now() < deadline) {
          await new Promise((r) => setTimeout(r, 5));
        }
        const r = raw.at.get(c.id);
        const got = received.get(c.id) ?? [];
        if (r !== undefined && got.length > 0) {
          got.forEach((t) => lags.push(t - r));
          firsts.push(Math.min(...got) - r);
        }
        if (got.length === sockets.length) {
          complete++;
        }
      }
      return (
        `delta arrival after the raw start event, over ${STARTS} starts × ${sockets.length} clients (${complete}/${STARTS} reached every client): ` +
        `every client p50 ${fmt(percentile(lags, 50))} ms, p99 ${fmt(percentile(lags, 99))} ms, max ${fmt(Math.max(...lags))} ms; ` +
        `first client per start p50 ${fmt(percentile(firsts, 50))} ms, p99 ${fmt(percentile(firsts, 99))} ms`
      );
    };

    await new Promise((r) => setTimeout(r, 2000));
    const rss0 = await settledRss(base, pid);
    const first = Math.min(LATENCY_CLIENTS, CLIENTS);
    await connect(first);
    rows.push(`${first} clients, ${INVENTORY} sims: ${await measureStarts()}`);
    await connect(CLIENTS - first);
    rows.push(`${CLIENTS} clients, ${INVENTORY + STARTS} sims: ${await measureStarts()}`);
    raw.close();
    const rss1 = await settledRss(base, pid);

    const t0 = cpuTicks(pid);
    await new Promise((r) => setTimeout(r, IDLE_SECONDS * 1000));
    const idleCpu = (cpuTicks(pid) - t0) / IDLE_SECONDS; // ticks per second = % of one core
    const rss2 = await settledRss(base, pid);

    rows.push(
      `one-container delta ${oneDeltaBytes} B vs snapshot ${snapshotBytes} B → ${fmt(oneDeltaBytes / snapshotBytes, 4)}× the snapshot`,
    );
    rows.push(
      `server RSS with 0 clients ${fmt(rss0.rss / 1024)} MB (heap ${fmt(rss0.heap / 1024)} MB), with ${CLIENTS} clients ${fmt(rss1.rss / 1024)} MB (heap ${fmt(rss1.heap / 1024)} MB) → ${fmt((rss1.rss - rss0.rss) / CLIENTS)} KB RSS, ${fmt((rss1.heap - rss0.heap) / CLIENTS)} KB heap per client`,
    );
    rows.push(
      `server idle with ${CLIENTS} clients over ${IDLE_SECONDS} s: ${fmt(idleCpu)} % of one core; then RSS ${fmt(rss2.rss / 1024)} MB (heap ${fmt(rss2.heap / 1024)} MB) → ${fmt((rss2.rss - rss0.rss) / CLIENTS)} KB RSS per client`,
    );
  } finally {
    sockets.forEach((s) => s.disconnect());
    server.kill('SIGTERM');
    await cleanup().catch(() => {});
    await stopPrivateEngine(plan);
  }
  printReport('bench:live', rows);
}

runBench(main);
