/**
 * The record at scale, for bench:meta: a data directory with BENCH_NOTES notes (default 500,000,
 * ~300 MB of JSONL), served by the built server in a child process. Reports start-up time and RSS
 * against the same server on an empty directory, and filtered-read latency under BENCH_READERS (40)
 * concurrent readers with /healthz probed throughout, against /healthz with no readers.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtServerEnv } from '../support/built-server.js';
import { freePort } from '../support/net.js';
import { fmt, percentile } from './stats.js';

const NOTES = Number(process.env.BENCH_NOTES ?? 500_000);
const READERS = Number(process.env.BENCH_READERS ?? 40);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const serverMain = fileURLToPath(
  new URL('../../../../../apps/server/dist/main.js', import.meta.url),
);

const TAGS = Array.from({ length: 200 }, (_, i) => `tag-${i}`);
const CATEGORIES = ['observation', 'failure', 'decision', 'hypothesis'] as const;
const SEVERITIES = ['info', 'warning', 'critical'] as const;

/** Writes N notes the way the server would have (ids in time order), ~600 bytes each. */
export async function writeNotes(dir: string, n: number): Promise<void> {
  const out = createWriteStream(join(dir, 'meta_notes.v1.jsonl'));
  const start = Date.now() - n * 1000;
  const filler = 'lorem ipsum dolor sit amet '.repeat(14);
  for (let i = 0; i < n; i++) {
    const t = start + i * 1000;
    const id = `${t.toString(36).toUpperCase().padStart(10, '0')}${String(i).padStart(16, '0')}`;
    const line = JSON.stringify({
      schema: 'simscope.meta-note.v1',
      id,
      createdAt: new Date(t).toISOString(),
      owner: `user-${i % 17}`,
      category: CATEGORIES[i % CATEGORIES.length],
      severity: SEVERITIES[i % SEVERITIES.length],
      title: `note ${i} about run ${i % 997}`,
      text: filler,
      tags: [TAGS[i % TAGS.length], TAGS[(i * 7) % TAGS.length]],
      targets: [
        { kind: 'container', id: `c${(i % 5000).toString(16).padStart(12, '0')}` },
        { kind: 'cluster', id: `cluster-${i % 50}` },
      ],
      source: 'user',
    });
    if (!out.write(`${line}\n`)) {
      await new Promise<void>((r) => out.once('drain', () => r()));
    }
  }
  await new Promise<void>((resolve, reject) =>
    out.end((err?: Error | null) => (err ? reject(err) : resolve())),
  );
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m?.[1] ?? NaN) / 1024;
}

async function get(url: string): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(url);
  await res.arrayBuffer();
  if (!res.ok) {
    throw new Error(`${url}: ${res.status}`);
  }
  return performance.now() - t0;
}

interface Started {
  child: ChildProcess;
  base: string;
  startMs: number;
}

async function startServer(dataDir: string): Promise<Started> {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(process.execPath, [serverMain], {
    env: builtServerEnv(port, dataDir),
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`the server exited with ${child.exitCode}`);
    }
    try {
      await get(`${base}/healthz`);
      return { child, base, startMs: performance.now() - t0 };
    } catch {
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

async function stop(s: Started): Promise<void> {
  const exited = new Promise((r) => s.child.once('exit', r));
  s.child.kill('SIGTERM');
  await exited;
}

/** /healthz every 20 ms while `during` runs; returns its latencies. */
export async function probe(base: string, during: Promise<unknown>): Promise<number[]> {
  const latencies: number[] = [];
  let done = false;
  void during.finally(() => (done = true));
  while (!done) {
    latencies.push(await get(`${base}/healthz`));
    await new Promise((r) => setTimeout(r, 20));
  }
  return latencies;
}

const QUERIES = [
  (i: number) => `tag=${TAGS[i % TAGS.length]}`,
  (i: number) => `target=c${(i % 5000).toString(16).padStart(12, '0')}`,
  (i: number) => `category=${CATEGORIES[i % 4]}&severity=${SEVERITIES[i % 3]}`,
  (i: number) => `tag=${TAGS[i % TAGS.length]}&severity=critical&limit=20`,
  () => `since=${new Date(Date.now() - NOTES * 500).toISOString().slice(0, 10)}`,
];

export async function readers(base: string, seconds = SECONDS): Promise<number[]> {
  const latencies: number[] = [];
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: READERS }, async (_, r) => {
      for (let i = r; performance.now() < end; i += READERS) {
        const q = QUERIES[i % QUERIES.length](i);
        latencies.push(await get(`${base}/api/meta/notes?${q}`));
      }
    }),
  );
  return latencies;
}

export async function metaScale(): Promise<string[]> {
  const full = mkdtempSync(join(tmpdir(), 'simscope-bench-scale-'));
  const empty = mkdtempSync(join(tmpdir(), 'simscope-bench-empty-'));
  try {
    await writeNotes(full, NOTES);
    const t0 = performance.now();
    const bytes = (await readFile(join(full, 'meta_notes.v1.jsonl'))).length;
    const rawReadMs = performance.now() - t0;

    const bare = await startServer(empty);
    await new Promise((r) => setTimeout(r, 1000));
    const bareRss = rssMb(bare.child.pid ?? 0);
    const idle = await probe(bare.base, new Promise((r) => setTimeout(r, SECONDS * 1000)));
    await stop(bare);

    const first = await startServer(full); // no checkpoint yet: every line is read
    await new Promise((r) => setTimeout(r, 1000));
    const firstRss = rssMb(first.child.pid ?? 0);
    await stop(first); // a clean stop leaves the checkpoint

    const big = await startServer(full);
    await new Promise((r) => setTimeout(r, 1000));
    const bigRss = rssMb(big.child.pid ?? 0);
    const coldReads = readers(big.base, 2); // the first reads after start: JIT and caches cold
    const cold = await probe(big.base, coldReads);
    await coldReads;
    const reads = readers(big.base);
    const healthz = await probe(big.base, reads);
    const readMs = await reads;
    const afterRss = rssMb(big.child.pid ?? 0);
    await stop(big);

    return [
      `${NOTES} notes, ${fmt(bytes / 1e6, 0)} MB of JSONL (reading the file alone: ${fmt(rawReadMs, 0)} ms)`,
      `start-up (spawn → /healthz answers), from the checkpoint: ${fmt(big.startMs, 0)} ms, empty directory ${fmt(bare.startMs, 0)} ms → ${fmt(big.startMs / bare.startMs, 2)}×`,
      `first start-up (no checkpoint, every line parsed): ${fmt(first.startMs, 0)} ms → ${fmt(first.startMs / bare.startMs, 2)}× the empty directory, ${fmt(first.startMs / rawReadMs, 1)}× the raw file read; RSS ${fmt(firstRss, 0)} MB`,
      `RSS after start: ${fmt(bigRss, 0)} MB, empty directory ${fmt(bareRss, 0)} MB → +${fmt(bigRss - bareRss, 0)} MB for the record; ${fmt(afterRss, 0)} MB after the reads`,
      `${READERS} concurrent filtered readers for ${SECONDS} s: ${readMs.length} reads, p50 ${fmt(percentile(readMs, 50), 1)} ms, p99 ${fmt(percentile(readMs, 99), 1)} ms`,
      `/healthz during the first 2 s of reads after start (cold): p99 ${fmt(percentile(cold, 99), 1)} ms, max ${fmt(Math.max(...cold), 1)} ms`,
      `/healthz meanwhile (warm): p50 ${fmt(percentile(healthz, 50), 1)} ms, p99 ${fmt(percentile(healthz, 99), 1)} ms, max ${fmt(Math.max(...healthz), 1)} ms; idle server p99 ${fmt(percentile(idle, 99), 1)} ms → ${fmt(percentile(healthz, 99) / percentile(idle, 99), 1)}×`,
    ];
  } finally {
    rmSync(full, { recursive: true, force: true });
    rmSync(empty, { recursive: true, force: true });
  }
}
