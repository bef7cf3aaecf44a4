/**
 * npm run bench:meta — acknowledged (durable) appends per second and latency, with 1 and 50
 * concurrent writers, per-write fsync ("each") against group commit ("group"), through the real
 * store on the real disk. BENCH_SECONDS (default 5) per case. Then the record at scale (meta-scale.ts):
 * start-up, RSS and filtered reads at BENCH_NOTES (500,000) notes; BENCH_NOTES=0 skips it.
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../apps/server/src/config/app-config.js';
import { toSettings } from '../../apps/server/src/config/settings.js';
import { MetaStoreService } from '../../apps/server/src/meta/meta-store.service.js';
import { MetaService } from '../../apps/server/src/meta/meta.service.js';
import { metaScale } from './meta-scale.js';
import { fmt, percentile } from './stats.js';
import { printReport, runBench } from './harness.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);

async function run(mode: 'each' | 'group', writers: number) {
  const dir = mkdtempSync(join(tmpdir(), 'simscope-bench-meta-'));
  const store = new MetaStoreService(
    toSettings(loadConfig({ SIMSCOPE_DATA_DIR: dir, SIMSCOPE_META_SYNC: mode })).meta,
  );
  await store.onModuleInit();
  const meta = new MetaService(store);
  const latencies: number[] = [];
  const end = performance.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      let i = 0;
      while (performance.now() < end) {
        const t0 = performance.now();
        await meta.addNote({
          category: 'observation',
          title: `w${w}-${i++}`,
          text: 'x'.repeat(200),
          tags: ['bench'],
        });
        latencies.push(performance.now() - t0);
      }
    }),
  );
  await store.onApplicationShutdown();
  rmSync(dir, { recursive: true, force: true });
  return {
    perSecond: latencies.length / SECONDS,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}

async function main(): Promise<void> {
  const rows: string[] = [];
  for (const writers of [1, 50]) {
    const each = await run('each', writers);
    const group = await run('group', writers);
    for (const [name, r] of [
      ['each', each],
      ['group', group],
    ] as const) {
      rows.push(
        `${writers} writer${writers > 1 ? 's' : ''}, fsync ${name.padEnd(5)}: ${fmt(r.perSecond, 0)} acknowledged appends/s, p50 ${fmt(r.p50, 2)} ms, p99 ${fmt(r.p99, 2)} ms`,
      );
    }
    rows.push(
      `  → group commit is ${fmt(group.perSecond / each.perSecond, 2)}× per-write fsync with ${writers} writer${writers > 1 ? 's' : ''}`,
    );
  }
  printReport('bench:meta', rows, `, ${SECONDS} s per case, ${tmpdir()}`);
  if (process.env.BENCH_NOTES !== '0') {
    console.log('\n  the record at scale:');
    (await metaScale()).forEach((r) => console.log(`  ${r}`));
  }
}

runBench(main);
