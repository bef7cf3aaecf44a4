import type Docker from 'dockerode';
import { forEachLimit } from '../../apps/server/src/common/for-each-limit.js';

/** A benchmark's figures under its name, the time and Node's version (plus `detail`, when given). */
export function printReport(name: string, rows: readonly string[], detail = ''): void {
  console.log(`\n${name} (${new Date().toISOString()}, ${process.version}${detail})`);
  rows.forEach((r) => console.log(`  ${r}`));
}

/** Runs a benchmark; a failure prints its error and exits 1. */
export function runBench(main: () => Promise<void>): void {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}

/** Removes the engine's containers that carry `label`, a few at a time (mass removals can hang it). */
export async function removeLabelled(
  docker: Docker,
  label: string,
  concurrency = 4,
): Promise<void> {
  const list = await docker.listContainers({ all: true, filters: { label: [label] } });
  await forEachLimit(list, concurrency, async (c) => {
    await docker.getContainer(c.Id).remove({ force: true });
  });
}
