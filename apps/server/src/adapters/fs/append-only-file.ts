import { constants } from 'node:fs';
import { link, open, readFile, rename, rm, writeFile, type FileHandle } from 'node:fs/promises';

export type SyncMode = 'group' | 'each';

export interface ScannedLine {
  /** Byte offset of the line in the file. */
  offset: number;
  text: string;
  /** The parsed value; absent when the line is not JSON (then `error` says why). */
  value?: unknown;
  error?: string;
}

export interface ScanResult {
  /** Complete lines (parsed, or with the parse error), in file order. */
  lines: ScannedLine[];
  /** A torn or unparsable tail that was cut from the file into the sidecar, if any. */
  quarantined: { offset: number; bytes: number; sidecar: string } | null;
}

/** The sidecar beside a JSONL file that keeps what start-up could not use. */
export const sidecarOf = (path: string): string => `${path}.corrupt`;

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
 * Reads a JSONL file. A torn or unparsable *last* line (a crash mid-append) is appended to
 * `<file>.corrupt` with its byte offset and cut from the file; nothing before it is rewritten. An
 * unparsable line elsewhere is returned with its error, for the reader to skip and record.
 */
export async function scanJsonl(path: string): Promise<ScanResult> {
  const buf = await readFile(path).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') {
      return Buffer.alloc(0);
    }
    throw err;
  });
  const lines: ScannedLine[] = [];
  let offset = 0;
  while (offset < buf.length) {
    const nl = buf.indexOf(0x0a, offset);
    const end = nl === -1 ? buf.length : nl;
    const text = buf.subarray(offset, end).toString('utf8');
    const parsed = parse(text);
    const isLast = nl === -1 || nl === buf.length - 1;
    if (isLast && (nl === -1 || 'error' in parsed)) {
      const sidecar = sidecarOf(path);
      const tail = buf.subarray(offset);
      const record = JSON.stringify({
        offset,
        at: new Date().toISOString(),
        reason: 'torn last line',
        bytes: tail.length,
        content: tail.toString('base64'),
      });
      await writeFile(sidecar, `${record}\n`, { flag: 'a' });
      const fh = await open(path, 'r+');
      await fh.truncate(offset);
      await fh.sync();
      await fh.close();
      return { lines, quarantined: { offset, bytes: tail.length, sidecar } };
    }
    if (text.trim()) {
      lines.push({ offset, text, ...parsed });
    }
    offset = end + 1;
  }
  return { lines, quarantined: null };
}

function parse(line: string): { value?: unknown; error?: string } {
  if (!line.trim()) {
    return { value: undefined };
  }
  try {
    return { value: JSON.parse(line) as unknown };
  } catch (err) {
    return { error: `not JSON: ${(err as Error).message}` };
  }
}

/**
 * Records lines start-up skipped (at their offsets, with the reason) in the sidecar, once each: a
 * line already recorded at the same offset with the same content is not recorded again.
 */
export async function recordSkipped(
  path: string,
  skipped: { offset: number; text: string; reason: string }[],
): Promise<void> {
  if (skipped.length === 0) {
    return;
  }
  const sidecar = sidecarOf(path);
  const known = new Set<string>();
  const existing = await readFile(sidecar, 'utf8').catch(() => '');
  for (const line of existing.split('\n')) {
    try {
      const r = JSON.parse(line) as { offset?: number; content?: string; skipped?: boolean };
      if (r.skipped) {
        known.add(`${r.offset}:${r.content}`);
      }
    } catch {
      // a line of the sidecar itself that is torn: nothing to match
    }
  }
  const at = new Date().toISOString();
  const records = skipped
    .map((s) => ({
      offset: s.offset,
      at,
      reason: s.reason,
      skipped: true,
      bytes: Buffer.byteLength(s.text),
      content: Buffer.from(s.text).toString('base64'),
    }))
    .filter((r) => !known.has(`${r.offset}:${r.content}`));
  if (records.length) {
    await writeFile(sidecar, records.map((r) => `${JSON.stringify(r)}\n`).join(''), { flag: 'a' });
  }
}

/**
 * One JSONL file opened for appending. Appends are serialised; in `group` mode every append that
 * arrived while the previous write was on its way to disk shares the next write and fsync. A promise
 * resolves only once its line is durable.
 */
export class AppendOnlyFile {
  private queue: { line: string; resolve: () => void; reject: (e: Error) => void }[] = [];
  private flushing = false;
  /** Writes and fsyncs performed, for the benchmark. */
  readonly stats = { writes: 0, syncs: 0 };

  private constructor(
    private readonly fh: FileHandle,
    private readonly mode: SyncMode,
  ) {}

  static async open(path: string, mode: SyncMode = 'group'): Promise<AppendOnlyFile> {
    const fh = await open(path, 'a');
    return new AppendOnlyFile(fh, mode);
  }

  append(line: string): Promise<void> {
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
        try {
          // One write per batch: a line is never split across writes, so a crash tears at most the tail.
          await this.fh.write(batch.map((b) => `${b.line}\n`).join(''));
          this.stats.writes++;
          await this.fh.datasync();
          this.stats.syncs++;
          batch.forEach((b) => b.resolve());
        } catch (err) {
          batch.forEach((b) => b.reject(err as Error));
        }
      }
    } finally {
      this.flushing = false;
    }
  }
}
