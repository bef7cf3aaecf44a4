import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const taker = fileURLToPath(new URL('../support/lock-taker.mjs', import.meta.url));

function take(lockPath: string, holdMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [taker, lockPath, String(holdMs)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.on('error', reject);
    child.on('exit', () => resolve(out.trim()));
  });
}

/** The pid of a process that has certainly exited. */
function deadPid(): number {
  const done = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(done.stdout.toString());
}

describe('the data directory lock', () => {
  it('lets exactly one of two servers started at the same instant hold it, 20 times over', async () => {
    const outcomes: string[][] = [];
    for (let round = 0; round < 20; round++) {
      const lock = join(mkdtempSync(join(tmpdir(), 'simscope-lock-')), '.lock');
      outcomes.push((await Promise.all([take(lock, 400), take(lock, 400)])).sort());
    }
    expect(outcomes).toEqual(new Array(20).fill(['locked', 'refused']));
  }, 120_000);

  it('breaks a dead holder’s lock for exactly one of two racing starts, and leaves no litter', async () => {
    const outcomes: string[][] = [];
    for (let round = 0; round < 10; round++) {
      const dir = mkdtempSync(join(tmpdir(), 'simscope-lock-'));
      const lock = join(dir, '.lock');
      writeFileSync(lock, String(deadPid()));
      outcomes.push((await Promise.all([take(lock, 400), take(lock, 400)])).sort());
      expect(readdirSync(dir)).toEqual([]);
    }
    expect(outcomes).toEqual(new Array(10).fill(['locked', 'refused']));
  }, 120_000);

  it('is refused while a live process holds it', async () => {
    const lock = join(mkdtempSync(join(tmpdir(), 'simscope-lock-')), '.lock');
    writeFileSync(lock, String(process.pid));
    await expect(take(lock, 0)).resolves.toBe('refused');
  });
});
