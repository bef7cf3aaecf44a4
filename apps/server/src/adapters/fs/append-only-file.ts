import { constants } from 'node:fs';
import { link, open, readFile, rename, rm, type FileHandle } from 'node:fs/promises';

export type SyncMode = 'group' | 'each';

export class LockedError extends Error {
  constructor(
    readonly lockPath: string,
    readonly holderPid: number | null,
  ) {
    super(
      `${lockPath} is held by process ${holderPid ?? 'unknown'}: another simscope server is writing this data directory`,
    );
    this.name = 'LockedError';
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes `<dir>/.lock` for this process and returns the release function. The holder's pid is
 * written and synced to a file of its own first, then hard-linked to the lock name (atomic, and
 * refused if the name exists), so a racing start never reads a half-written holder. A lock is
 * broken only when its holder's process is dead, and only the one that moved it aside may retry.
 */
const heldHere = new Set<string>();

export async function lockDirectory(lockPath: string): Promise<() => Promise<void>> {
  if (heldHere.has(lockPath)) {
    throw new LockedError(lockPath, process.pid); // a second server in this very process
  }
  const mine = `${lockPath}.${process.pid}.${Date.now()}`;
  const fh = await open(mine, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o644);
  await fh.writeFile(String(process.pid));
  await fh.sync();
  await fh.close();
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await link(mine, lockPath);
        heldHere.add(lockPath);
        return async () => {
          heldHere.delete(lockPath);
          await rm(lockPath, { force: true });
        };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
          throw err;
        }
      }
      const holder = await holderOf(lockPath);
      if (holder === undefined) {
        continue; // released meanwhile
      }
      if (holder !== null && alive(holder)) {
        throw new LockedError(lockPath, holder);
      }
      await breakStale(lockPath);
    }
    throw new LockedError(lockPath, (await holderOf(lockPath)) ?? null);
  } finally {
    await rm(mine, { force: true });
  }
}

/** The pid in a lock file; null if it names none (an old-style empty lock), undefined if gone. */
async function holderOf(lockPath: string): Promise<number | null | undefined> {
  try {
    return Number((await readFile(lockPath, 'utf8')).trim()) || null;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      return undefined;
    }
    throw err;
  }
}

/**
 * Moves a dead holder's lock aside (rename is atomic: of two breakers, one moves it). If what was
 * moved turns out to be a live holder's (another start took the lock in between), it is put back.
 */
async function breakStale(lockPath: string): Promise<void> {
  const aside = `${lockPath}.stale.${process.pid}.${Date.now()}`;
  try {
    await rename(lockPath, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      return;
    }
    throw err;
  }
  const moved = await holderOf(aside);
  if (typeof moved === 'number' && alive(moved)) {
    await link(aside, lockPath).catch(() => undefined);
  }
  await rm(aside, { force: true });
}

/**
 * One JSONL file opened for appending. Appends are serialised; in `group` mode every append that
 * arrived while the previous write was on its way to disk shares the next write and fsync. A promise
 * resolves only once its line is durable.
 */
export class AppendOnlyFile {
  private queue: { line: string; resolve: (offset: number) => void; reject: (e: Error) => void }[] =
    [];
  private flushing = false;
  /** Writes and fsyncs performed, for the benchmark. */
  readonly stats = { writes: 0, syncs: 0 };

  private constructor(
    private readonly fh: FileHandle,
    private readonly mode: SyncMode,
    /** Bytes in the file: where the next line starts. */
    private size: number,
  ) {}

  static async open(path: string, mode: SyncMode = 'group'): Promise<AppendOnlyFile> {
    const fh = await open(path, 'a');
    return new AppendOnlyFile(fh, mode, (await fh.stat()).size);
  }

  get bytes(): number {
    return this.size;
  }

  /** Resolves with the line's byte offset once it is durable. */
  append(line: string): Promise<number> {
    if (line.includes('\n')) {
      return Promise.reject(new Error('a JSONL record cannot contain a newline'));
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ line, resolve, reject });
      if (!this.flushing) {
        void this.flush();
      }
    });
  }

  async close(): Promise<void> {
    while (this.flushing || this.queue.length) {
      await new Promise((r) => setTimeout(r, 5));
    }
    await this.fh.close();
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.queue.length) {
        const batch = this.mode === 'group' ? this.queue.splice(0) : this.queue.splice(0, 1);
        const offsets: number[] = [];
        const data = Buffer.from(batch.map((b) => `${b.line}\n`).join(''));
        for (let i = 0, at = this.size; i < batch.length; i++) {
          offsets.push(at);
          at += Buffer.byteLength(batch[i]?.line ?? '') + 1;
        }
        try {
          // One write per batch: a line is never split across writes, so a crash tears at most the tail.
          await this.fh.write(data);
          this.size += data.length;
          this.stats.writes++;
          await this.fh.datasync();
          this.stats.syncs++;
          batch.forEach((b, i) => b.resolve(offsets[i] ?? 0));
        } catch (err) {
          this.size = (await this.fh.stat().catch(() => null))?.size ?? this.size;
          batch.forEach((b) => b.reject(err as Error));
        }
      }
    } finally {
      this.flushing = false;
    }
  }
}
