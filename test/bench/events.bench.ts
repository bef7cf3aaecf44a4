/**
 * npm run bench:events — what simulation events cost, against a private engine of its own.
 * BENCH_EVENT_SIMS (default 20) simulations printing BENCH_EVENT_RATE (default 500) JSON event lines a
 * second each, BENCH_WINDOW_S (default 10) seconds per measurement.
 *   Baseline (same run): the simulations print, discovery runs, event intake is not constructed; and
 *   a raw `docker logs --follow` of every simulation in this process (the physical limit of latency).
 *   Intake on: this process's CPU (% of one core) and RSS over the baseline, and events-to-row latency
 *   (engine's line time → the row update that first counts the event), p50/p99.
 */
import 'reflect-metadata';
import Docker from 'dockerode';
import { loadConfig } from '../../apps/server/src/config/app-config.js';
import { toSettings } from '../../apps/server/src/config/settings.js';
import { DockerEngines } from '../../apps/server/src/adapters/docker/docker-engines.js';
import { DockerSourceService } from '../../apps/server/src/docker/docker-source.service.js';
import { EvidenceRegistry } from '../../apps/server/src/docker/failure-evidence.js';
import { GuardService } from '../../apps/server/src/runtime/guard.service.js';
import { SchedulerService } from '../../apps/server/src/runtime/scheduler.service.js';
import { SimEventsService } from '../../apps/server/src/sim-events/sim-events.service.js';
import { LogDemuxer } from '../../apps/server/src/stats/log-lines.js';
import { forEachLimit } from '../../apps/server/src/common/for-each-limit.js';
import {
  ensureTestImage,
  privatePlan,
  startPrivateEngine,
  stopPrivateEngine,
  TEST_IMAGE,
} from '../support/engine.js';
import { fmt, percentile } from './stats.js';
import { printReport, removeLabelled, runBench } from './harness.js';

const SIMS = Number(process.env.BENCH_EVENT_SIMS ?? 20);
const RATE = Number(process.env.BENCH_EVENT_RATE ?? 500);
const WINDOW_S = Number(process.env.BENCH_WINDOW_S ?? 10);
const LABEL = 'simscope.bench-events';
/** Lines per burst; bursts every 1/BURSTS_PER_S s. */
const BURSTS_PER_S = 10;

/** A busybox loop: RATE lines a second in bursts, each a tick_completed event with a metric. */
function printer(): string[] {
  const perBurst = Math.max(1, Math.round(RATE / BURSTS_PER_S));
  return [
    'sh',
    '-c',
    [
      'i=0',
      'while true; do',
      `  j=0; while [ $j -lt ${perBurst} ]; do j=$((j+1)); i=$((i+1))`,
      '    echo "{\\"event_type\\":\\"tick_completed\\",\\"tick\\":$i,\\"total_ticks\\":100000000,\\"metrics\\":{\\"reward\\":$j}}"',
      '  done',
      `  sleep ${1 / BURSTS_PER_S}`,
      'done',
    ].join('\n'),
  ];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function window<T>(work: () => Promise<T>): Promise<{ cpu: number; secs: number; value: T }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await work();
  const secs = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  return { cpu: ((c.user + c.system) / 1e6 / secs) * 100, secs, value };
}

function rssMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().rss / 2 ** 20;
}

async function main(): Promise<void> {
  const plan = privatePlan('bench-events');
  await startPrivateEngine(plan);
  ensureTestImage(plan.host, plan.dir);
  const docker = new Docker({ socketPath: plan.socket });
  const rows: string[] = [];
  const config = loadConfig({
    DOCKER_HOST: plan.host,
    SIMSCOPE_RECONCILE_MS: '3600000',
    SIMSCOPE_STATS_SWEEP_MS: '0',
    SIMSCOPE_LOG_LINES_PER_SECOND: '1000',
  });
  const settings = toSettings(config);
  const engines = new DockerEngines(settings.discovery.engines);
  const scheduler = new SchedulerService(new GuardService(settings.runtime), settings.runtime);
  const source = new DockerSourceService(engines, settings.discovery, scheduler);
  let events: SimEventsService | null = null;
  try {
    const ids: string[] = [];
    await forEachLimit(
      Array.from({ length: SIMS }, (_, i) => i),
      4,
      async (i) => {
        const c = await docker.createContainer({
          Image: TEST_IMAGE,
          name: `sim-bench-events-${i}`,
          Cmd: printer(),
          Labels: { 'simscope.enable': 'true', [LABEL]: '1', 'simscope.events': 'stdout' },
          HostConfig: { NetworkMode: 'none' },
        });
        await c.start();
        ids.push(c.id);
      },
    );
    source.onModuleInit();
    await source.reconcile();
    await sleep(2000);

    // Baseline 1: discovery only, the simulations printing.
    const rss0 = rssMb();
    const base = await window(() => sleep(WINDOW_S * 1000));

    // Baseline 2: a raw follow of every simulation's output here: line time → arrival.
    const rawLatency: number[] = [];
    let rawLines = 0;
    const streams = await Promise.all(
      ids.map(async (id) => {
        const demux = new LogDemuxer(false);
        const s = (await docker.getContainer(id).logs({
          follow: true,
          stdout: true,
          stderr: false,
          timestamps: true,
          since: Math.floor(Date.now() / 1000),
        })) as unknown as NodeJS.ReadableStream & { destroy(): void };
        s.on('data', (chunk: Buffer) => {
          const now = Date.now();
          for (const l of demux.push(chunk)) {
            rawLines++;
            if (l.at && rawLines % 10 === 0) {
              rawLatency.push(now - Date.parse(l.at));
            }
          }
        });
        return s;
      }),
    );
    const raw = await window(() => sleep(WINDOW_S * 1000));
    streams.forEach((s) => s.destroy());
    const rawRate = rawLines / raw.secs;
    await sleep(1000);

    // Intake on.
    events = new SimEventsService(
      source,
      source,
      source,
      settings.simEvents,
      settings.discovery,
      settings.stats,
      scheduler,
      new EvidenceRegistry(),
    );
    const pending = new Map<string, Array<[number, number]>>();
    const latency: number[] = [];
    const subs = [
      events.events$.subscribe(({ id, events: batch }) => {
        const q = pending.get(id) ?? [];
        for (const e of batch) {
          q.push([e.seq, Date.parse(e.at)]);
        }
        pending.set(id, q);
      }),
      source.changes$.subscribe((change) => {
        const now = Date.now();
        for (const u of change.updated) {
          const total = u.container.events?.total;
          const q = pending.get(u.container.id);
          if (total === undefined || !q) {
            continue;
          }
          let n = 0;
          while (n < q.length && q[n][0] <= total) {
            latency.push(now - q[n][1]);
            n++;
          }
          q.splice(0, n);
        }
      }),
    ];
    events.onModuleInit();
    await sleep(3000);
    latency.length = 0;
    let counted0 = 0;
    for (const c of source.rows()) {
      counted0 += c.events?.total ?? 0;
    }
    const on = await window(() => sleep(WINDOW_S * 1000));
    let counted1 = 0;
    for (const c of source.rows()) {
      counted1 += c.events?.total ?? 0;
    }
    const rss1 = rssMb();
    subs.forEach((s) => s.unsubscribe());
    const eventRate = (counted1 - counted0) / on.secs;

    rows.push(
      `${SIMS} simulations asked to print ${RATE} events/s each; the engine delivered ${fmt(rawRate, 0)} lines/s in all (raw follow)`,
    );
    rows.push(
      `CPU (% of one core): discovery only ${fmt(base.cpu)} %, + a raw follow of every sim ${fmt(raw.cpu)} %, intake on ${fmt(on.cpu)} % → ${fmt(on.cpu - base.cpu)} % over the baseline (${fmt(eventRate, 0)} events/s counted on rows)`,
    );
    rows.push(
      `RSS: ${fmt(rss0)} MB before intake, ${fmt(rss1)} MB with it → ${rss1 >= rss0 ? '+' : ''}${fmt(rss1 - rss0)} MB`,
    );
    rows.push(
      `latency line → row: p50 ${fmt(percentile(latency, 50), 0)} ms, p99 ${fmt(percentile(latency, 99), 0)} ms (${latency.length} events) vs raw follow p50 ${fmt(percentile(rawLatency, 50), 0)} ms, p99 ${fmt(percentile(rawLatency, 99), 0)} ms → p99 ${fmt(percentile(latency, 99) / Math.max(1, percentile(rawLatency, 99)), 1)}× the raw stream (row updates are coalesced to one a second per simulation)`,
    );
  } finally {
    events?.onApplicationShutdown();
    source.onApplicationShutdown();
    scheduler.onApplicationShutdown();
    await removeLabelled(docker, LABEL, 4);
    await stopPrivateEngine(plan);
  }
  printReport('bench:events', rows);
}

runBench(main);
