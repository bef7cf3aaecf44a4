/**
 * npm run bench:stats — what resource sampling costs, against a private engine of its own.
 * BENCH_SWEEP_SIMS (default 200) running simulations, BENCH_WATCHED (default 50) watched ones,
 * BENCH_WINDOW_S (default 10) seconds per measurement.
 *   The sweep (one-shot samples, 4 in flight): time per sweep, and dockerd's and this process's CPU
 *   while sweeping, against the baseline of streaming stats for every simulation at once.
 *   Watched containers: this process's CPU, open Docker connections, bytes per second to one watcher.
 */
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Docker from 'dockerode';
import type { DockerodeAdapter } from '../../apps/server/src/adapters/docker/dockerode.adapter.js';
import { loadConfig } from '../../apps/server/src/config/app-config.js';
import { toSettings } from '../../apps/server/src/config/settings.js';
import { DockerEngines } from '../../apps/server/src/adapters/docker/docker-engines.js';
import { DockerSourceService } from '../../apps/server/src/docker/docker-source.service.js';
import { EvidenceRegistry } from '../../apps/server/src/docker/failure-evidence.js';
import { GuardService } from '../../apps/server/src/runtime/guard.service.js';
import { SchedulerService } from '../../apps/server/src/runtime/scheduler.service.js';
import { StatsService } from '../../apps/server/src/stats/stats.service.js';
import { forEachLimit } from '../../apps/server/src/common/for-each-limit.js';
import {
  ensureTestImage,
  privatePlan,
  startPrivateEngine,
  stopPrivateEngine,
  TEST_IMAGE,
} from '../support/engine.js';
import { fmt } from './stats.js';
import { printReport, removeLabelled, runBench } from './harness.js';

const SIMS = Number(process.env.BENCH_SWEEP_SIMS ?? 200);
const WATCHED = Math.min(SIMS, Number(process.env.BENCH_WATCHED ?? 50));
const WINDOW_S = Number(process.env.BENCH_WINDOW_S ?? 10);
const LABEL = 'simscope.bench-stats';
const TICKS = 100; // USER_HZ on Linux

/** CPU seconds used so far by a process, from /proc (utime + stime). */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS;
}

/** dockerd's and this process's CPU (% of one core) while `work` runs. */
async function measure(dockerdPid: number, work: () => Promise<void>) {
  const d0 = cpuSeconds(dockerdPid);
  const s0 = process.cpuUsage();
  const t0 = performance.now();
  await work();
  const secs = (performance.now() - t0) / 1000;
  const self = process.cpuUsage(s0);
  return {
    secs,
    dockerd: ((cpuSeconds(dockerdPid) - d0) / secs) * 100,
    self: ((self.user + self.system) / 1e6 / secs) * 100,
  };
}

async function main(): Promise<void> {
  const plan = privatePlan('bench-stats');
  await startPrivateEngine(plan);
  ensureTestImage(plan.host, plan.dir);
  const dockerdPid = Number(readFileSync(join(plan.dir, 'dockerd.pid'), 'utf8'));
  const docker = new Docker({ socketPath: plan.socket });
  const rows: string[] = [];
  const config = loadConfig({
    DOCKER_HOST: plan.host,
    SIMSCOPE_RECONCILE_MS: '3600000',
    SIMSCOPE_STATS_SWEEP_MS: '0',
  });
  const settings = toSettings(config);
  const engines = new DockerEngines(settings.discovery.engines);
  const adapter = engines.engines[0].port as DockerodeAdapter;
  const scheduler = new SchedulerService(new GuardService(settings.runtime), settings.runtime);
  const source = new DockerSourceService(engines, settings.discovery, scheduler);
  const stats = new StatsService(
    source,
    source,
    source,
    settings.stats,
    scheduler,
    new EvidenceRegistry(),
  );
  try {
    const ids: string[] = [];
    await forEachLimit(
      Array.from({ length: SIMS }, (_, i) => i),
      6,
      async (i) => {
        const c = await docker.createContainer({
          Image: TEST_IMAGE,
          name: `sim-bench-stats-${i}`,
          Cmd: ['sleep', '86400'],
          Labels: { 'simscope.enable': 'true', [LABEL]: '1', 'simscope.cluster': `c${i % 10}` },
          HostConfig: { NetworkMode: 'none', Memory: 64 * 2 ** 20 },
        });
        await c.start();
        ids.push(c.id);
      },
    );
    await source.reconcile();

    // The sweep: run it back to back for the window (the first one sets the CPU marks).
    await stats.sweep();
    let sweeps = 0;
    const sweep = await measure(dockerdPid, async () => {
      const end = Date.now() + WINDOW_S * 1000;
      while (Date.now() < end) {
        await stats.sweep();
        sweeps++;
      }
    });
    const perSweep = (sweep.secs * 1000) / sweeps;
    const sampled = stats.usage.totals.sampled;

    // Baseline: a stats stream for every simulation at once (what "live stats everywhere" costs).
    const handles = await Promise.all(
      ids.map((id) => adapter.streamStats(id, { onData: () => {}, onClose: () => {} })),
    );
    await new Promise((r) => setTimeout(r, 2000));
    const streaming = await measure(
      dockerdPid,
      () => new Promise((r) => setTimeout(r, WINDOW_S * 1000)),
    );
    handles.forEach((h) => h.close());
    await new Promise((r) => setTimeout(r, 1000));

    rows.push(
      `sweep over ${sampled} running sims (4 in flight): ${fmt(perSweep)} ms per sweep, back to back for ${WINDOW_S} s`,
    );
    rows.push(
      `  dockerd CPU ${fmt(sweep.dockerd)} % vs ${fmt(streaming.dockerd)} % streaming all ${SIMS} → ${fmt(sweep.dockerd / streaming.dockerd, 2)}×; at the default 15 s interval ≈ ${fmt((sweep.dockerd * perSweep) / 15000, 2)} % (${fmt((sweep.dockerd * perSweep) / 15000 / streaming.dockerd, 3)}×)`,
    );
    rows.push(
      `  this process CPU ${fmt(sweep.self)} % while sweeping vs ${fmt(streaming.self)} % streaming all ${SIMS}`,
    );

    // Watched containers: one watcher per container, as the console's detail panels do.
    const watched = ids.slice(0, WATCHED);
    let bytes = 0;
    const sub = stats.samples$.subscribe((s) => {
      if (s.id === watched[0]) {
        bytes += Buffer.byteLength(JSON.stringify({ id: s.id, samples: [s] }));
      }
    });
    const openBefore = adapter.streams.open;
    await Promise.all(watched.map((id, i) => stats.watch(id, `w${i}`)));
    await new Promise((r) => setTimeout(r, 2000));
    bytes = 0;
    const watching = await measure(
      dockerdPid,
      () => new Promise((r) => setTimeout(r, WINDOW_S * 1000)),
    );
    const open = adapter.streams.open - openBefore;
    watched.forEach((id, i) => stats.unwatch(id, `w${i}`));
    sub.unsubscribe();
    rows.push(
      `${WATCHED} watched containers: this process ${fmt(watching.self)} % CPU, dockerd ${fmt(watching.dockerd)} %, ${open} open Docker connections, ${fmt(bytes / watching.secs)} B/s to the watcher of one container; ${adapter.streams.open - openBefore} left open after unwatching`,
    );
  } finally {
    stats.onApplicationShutdown();
    source.onApplicationShutdown();
    scheduler.onApplicationShutdown();
    await removeLabelled(docker, LABEL, 6);
    await stopPrivateEngine(plan);
  }
  printReport('bench:stats', rows);
}

runBench(main);
