/**
 * npm run bench:discovery — discovery cost and latency against a private engine of its own.
 * Sizes: BENCH_SIZES (default 200,1000); starts timed: BENCH_STARTS (default 60).
 * Figures are printed as ratios to baselines measured in the same run:
 *   cold snapshot vs. the naive "list + inspect everything";
 *   event → inventory latency vs. a raw events subscriber in this same process.
 */
import 'reflect-metadata';
import Docker from 'dockerode';
import type { DockerodeAdapter } from '../../apps/server/src/adapters/docker/dockerode.adapter.js';
import { loadConfig } from '../../apps/server/src/config/app-config.js';
import { toSettings } from '../../apps/server/src/config/settings.js';
import { DockerEngines } from '../../apps/server/src/adapters/docker/docker-engines.js';
import { DockerSourceService } from '../../apps/server/src/docker/docker-source.service.js';
import { GuardService } from '../../apps/server/src/runtime/guard.service.js';
import { SchedulerService } from '../../apps/server/src/runtime/scheduler.service.js';
import {
  ensureTestImage,
  privatePlan,
  startPrivateEngine,
  stopPrivateEngine,
  TEST_IMAGE,
} from '../support/engine.js';
import { recordRawStarts } from './raw-events.js';
import { fmt, percentile } from './stats.js';
import { printReport, removeLabelled, runBench } from './harness.js';

const sizes = (process.env.BENCH_SIZES ?? '200,1000').split(',').map(Number);
const starts = Number(process.env.BENCH_STARTS ?? 60);
const steadySeconds = Number(process.env.BENCH_STEADY_SECONDS ?? 30);
const engineCount = Number(process.env.BENCH_ENGINES ?? 3);
const perEngine = Number(process.env.BENCH_PER_ENGINE ?? 300);
const LABEL = 'simscope.bench';

async function createMany(
  docker: Docker,
  n: number,
  from: number,
  prefix = 'sim-bench',
): Promise<void> {
  let next = from;
  const worker = async () => {
    while (next < from + n) {
      const i = next++;
      const c = await docker.createContainer({
        Image: TEST_IMAGE,
        name: `${prefix}-${i}`,
        Cmd: ['sleep', '86400'],
        Labels: { 'simscope.enable': 'true', [LABEL]: '1', 'simscope.cluster': `c${i % 10}` },
        HostConfig: { NetworkMode: 'none' },
      });
      await c.start();
    }
  };
  await Promise.all(Array.from({ length: 6 }, worker));
}

function newSource(host: string, reconcileMs = 3_600_000) {
  const config = loadConfig({ DOCKER_HOST: host, SIMSCOPE_RECONCILE_MS: String(reconcileMs) });
  const settings = toSettings(config);
  const engines = new DockerEngines(settings.discovery.engines);
  const adapter = engines.engines[0].port as DockerodeAdapter;
  const scheduler = new SchedulerService(new GuardService(settings.runtime), settings.runtime);
  return {
    adapter,
    scheduler,
    source: new DockerSourceService(engines, settings.discovery, scheduler),
  };
}

/**
 * Several engines at once: each its own private dockerd with `perEngine` running simulations; one
 * DockerSourceService over all of them, as SIMSCOPE_DOCKER_ENDPOINTS sets it up.
 */
async function multiEngine(rows: string[]): Promise<void> {
  const plans = Array.from({ length: engineCount }, (_, i) => privatePlan(`bench-m${i + 1}`));
  await Promise.all(plans.map((p) => startPrivateEngine(p)));
  const dockers = plans.map((p) => {
    ensureTestImage(p.host, p.dir);
    return new Docker({ socketPath: p.socket });
  });
  try {
    await Promise.all(dockers.map((d) => removeLabelled(d, LABEL, 6)));
    await Promise.all(dockers.map((d, i) => createMany(d, perEngine, 0, `sim-bench-e${i + 1}`)));
    const endpoints = plans.map((p, i) => `e${i + 1}=${p.host}`).join(',');
    const config = loadConfig({
      SIMSCOPE_DOCKER_ENDPOINTS: endpoints,
      SIMSCOPE_RECONCILE_MS: '5000',
    });
    const settings = toSettings(config);
    const engines = new DockerEngines(settings.discovery.engines);
    const scheduler = new SchedulerService(new GuardService(settings.runtime), settings.runtime);
    const source = new DockerSourceService(engines, settings.discovery, scheduler);

    const t0 = performance.now();
    await source.reconcile();
    const coldMs = performance.now() - t0;
    const each = source.sources.map((w) => `${w.host} ${fmt(w.lastReconcileDurationMs ?? NaN)} ms`);
    rows.push(
      `${engineCount} engines × ${perEngine} sims: cold snapshot of all ${source.size} in ${fmt(coldMs)} ms (engines in parallel: ${each.join(', ')})`,
    );

    source.onModuleInit();
    while ([...source.rows()].some((c) => c.limits === null)) {
      await new Promise((r) => setTimeout(r, 100));
    }
    await new Promise((r) => setTimeout(r, 2000));
    const adapters = engines.engines.map((e) => e.port as DockerodeAdapter);
    const before = adapters.map((a) => ({ ...a.calls }));
    await new Promise((r) => setTimeout(r, steadySeconds * 1000));
    const perMin = adapters.map((a, i) => {
      const b = before[i];
      const rate = (k: keyof typeof b) => fmt(((a.calls[k] - b[k]) * 60) / steadySeconds);
      return `e${i + 1}: list ${rate('list')}/min, inspect ${rate('inspect')}/min`;
    });
    rows.push(
      `  steady state (reconcile every 5 s, ${steadySeconds} s) per engine: ${perMin.join('; ')}`,
    );

    const raws = await Promise.all(dockers.map((d) => recordRawStarts(d)));
    const invAt = new Map<string, number>();
    const sub = source.changes$.subscribe((change) => {
      const now = performance.now();
      for (const c of [...change.added, ...change.updated.map((u) => u.container)]) {
        if (c.state === 'running' && !invAt.has(c.id)) {
          invAt.set(c.id, now);
        }
      }
    });
    const lat: number[][] = dockers.map(() => []);
    for (let i = 0; i < starts; i++) {
      const e = i % dockers.length;
      const c = await dockers[e].createContainer({
        Image: TEST_IMAGE,
        name: `sim-bench-m-lat-${i}`,
        Cmd: ['sleep', '86400'],
        Labels: { 'simscope.enable': 'true', [LABEL]: '1' },
        HostConfig: { NetworkMode: 'none' },
      });
      await c.start();
      const deadline = Date.now() + 3000;
      while ((!raws[e].at.has(c.id) || !invAt.has(c.id)) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 2));
      }
      const r = raws[e].at.get(c.id);
      const v = invAt.get(c.id);
      if (r !== undefined && v !== undefined) {
        lat[e].push(v - r);
      }
    }
    sub.unsubscribe();
    raws.forEach((r) => r.close());
    rows.push(
      `  start event → inventory, per engine, after each engine's own raw subscriber: ${lat
        .map(
          (l, i) =>
            `e${i + 1} p50 ${fmt(percentile(l, 50))} / p95 ${fmt(percentile(l, 95))} ms (${l.length})`,
        )
        .join('; ')}`,
    );
    source.onApplicationShutdown();
    scheduler.onApplicationShutdown();
  } finally {
    await Promise.all(dockers.map((d) => removeLabelled(d, LABEL, 6).catch(() => {})));
    await Promise.all(plans.map((p) => stopPrivateEngine(p)));
  }
}

async function main(): Promise<void> {
  const plan = privatePlan('bench');
  await startPrivateEngine(plan);
  ensureTestImage(plan.host, plan.dir);
  const docker = new Docker({ socketPath: plan.socket });
  await removeLabelled(docker, LABEL, 6);
  const rows: string[] = [];
  try {
    let have = 0;
    for (const size of sizes) {
      await createMany(docker, size - have, have);
      have = size;

      // Baseline: what a polling dashboard does every few seconds.
      const t0 = performance.now();
      const naiveList = await docker.listContainers({ all: true });
      await Promise.all(naiveList.map((c) => docker.getContainer(c.Id).inspect()));
      const naiveMs = performance.now() - t0;

      const { source } = newSource(plan.host);
      const t1 = performance.now();
      await source.reconcile();
      const coldMs = performance.now() - t1;
      const found = source.size;
      rows.push(
        `size ${size}: cold snapshot ${fmt(coldMs)} ms (${found} found) vs naive list+inspect-all ${fmt(naiveMs)} ms → ${fmt(coldMs / naiveMs, 2)}×`,
      );
      source.onApplicationShutdown();
    }

    // Steady state: nothing changes; count the calls the source makes.
    const steady = newSource(plan.host, 5000);
    steady.source.onModuleInit();
    // Limits need one inspect per list-built container, done once in the background: wait it out.
    const fillStart = performance.now();
    await new Promise((r) => setTimeout(r, 500));
    while ([...steady.source.rows()].some((c) => c.limits === null)) {
      await new Promise((r) => setTimeout(r, 100));
    }
    rows.push(
      `limits pass (one background inspect per list-built sim, 2 in flight): ${fmt(performance.now() - fillStart)} ms for ${steady.source.size} sims`,
    );
    await new Promise((r) => setTimeout(r, 2000));
    const before = { ...steady.adapter.calls };
    await new Promise((r) => setTimeout(r, steadySeconds * 1000));
    const perMin = (k: keyof typeof before) =>
      ((steady.adapter.calls[k] - before[k]) * 60) / steadySeconds;
    rows.push(
      `steady state (${have} sims, reconcile every 5 s, ${steadySeconds} s): list ${fmt(perMin('list'))}/min, inspect ${fmt(perMin('inspect'))}/min, info ${fmt(perMin('info'))}/min (default 60 s reconcile → 1 list/min)`,
    );

    // Latency: raw events subscriber (the physical limit) vs the inventory, same process.
    const raw = await recordRawStarts(docker);
    const rawAt = raw.at;
    const invAt = new Map<string, number>();
    const sub = steady.source.changes$.subscribe((change) => {
      const now = performance.now();
      // The create event already added it; what counts is the inventory showing it running.
      for (const c of [...change.added, ...change.updated.map((u) => u.container)]) {
        if (c.state === 'running' && !invAt.has(c.id)) {
          invAt.set(c.id, now);
        }
      }
    });
    const deltas: number[] = [];
    for (let i = 0; i < starts; i++) {
      const c = await docker.createContainer({
        Image: TEST_IMAGE,
        name: `sim-bench-lat-${i}`,
        Cmd: ['sleep', '86400'],
        Labels: { 'simscope.enable': 'true', [LABEL]: '1' },
        HostConfig: { NetworkMode: 'none' },
      });
      await c.start();
      const deadline = Date.now() + 3000;
      while ((!rawAt.has(c.id) || !invAt.has(c.id)) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 2));
      }
      const r = rawAt.get(c.id);
      const v = invAt.get(c.id);
      if (r !== undefined && v !== undefined) {
        deltas.push(v - r);
      }
    }
    sub.unsubscribe();
    raw.close();
    rows.push(
      `start event → inventory shows it running, over ${deltas.length} starts: p50 ${fmt(percentile(deltas, 50))} ms, p95 ${fmt(percentile(deltas, 95))} ms, max ${fmt(Math.max(...deltas))} ms after the raw events subscriber`,
    );
    rows.push(
      `process RSS with ${steady.source.size} sims in the inventory: ${fmt(process.memoryUsage().rss / 2 ** 20)} MB`,
    );
    steady.source.onApplicationShutdown();
    steady.scheduler.onApplicationShutdown();
  } finally {
    await removeLabelled(docker, LABEL, 6).catch(() => {});
    await stopPrivateEngine(plan);
  }
  if (engineCount > 1) {
    await multiEngine(rows);
  }
  printReport('bench:discovery', rows);
}

runBench(main);
