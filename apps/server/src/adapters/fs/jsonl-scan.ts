import { open, readFile, writeFile } from 'node:fs/promises';

export interface ScannedLine {
  /** Byte offset of the line in the file. */
  offset: number;
  /** Its length in bytes, without the newline. */
  bytes: number;
  text: string;
  /** The parsed value; absent when the line is not JSON (then `error` says why). */
  value?: unknown;
  error?: string;
}

export interface Quarantined {
  offset: number;
  bytes: number;
  sidecar: string;
}

/** The sidecar beside a JSONL file that keeps what start-up could not use. */
export const sidecarOf = (path: string): string => `${path}.corrupt`;

const CHUNK = 1024 * 1024;

/**
 * Reads a JSONL file in chunks, handing each complete, non-blank line to `onLine` in file order, so
 * a file of any size is read in bounded memory. A torn or unparsable *last* line (a crash
 * mid-append) is appended to `<file>.corrupt` with its byte offset and cut from the file; nothing
 * before it is rewritten. An unparsable line elsewhere is handed over with its error, for the reader
 * to skip and record. Resolves with the quarantined tail, if any, and the file's size after it.
 * `from` (a line start) skips what a caller already knows.
 */
export async function scanJsonlLines(
  path: string,
  onLine: (line: ScannedLine) => void,
  { from = 0, chunkBytes = CHUNK }: { from?: number; chunkBytes?: number } = {},
): Promise<{ quarantined: Quarantined | null; size: number }> {
  const fh = await open(path, 'r').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') {
      return null;
    }
    throw err;
  });
  if (!fh) {
    return { quarantined: null, size: 0 };
  }
  let size: number;
  let pending: ScannedLine | null = null;
  let carry = Buffer.alloc(0);
  let carryOffset = from;
  try {
    size = (await fh.stat()).size;
    for (let pos = from; pos < size;) {
      const chunk = Buffer.allocUnsafe(Math.min(chunkBytes, size - pos));
      const { bytesRead } = await fh.read(chunk, 0, chunk.length, pos);
      if (bytesRead === 0) {
        break;
      }
      pos += bytesRead;
      const buf = carry.length
        ? Buffer.concat([carry, chunk.subarray(0, bytesRead)])
        : chunk.subarray(0, bytesRead);
      let start = 0;
      for (let nl = buf.indexOf(0x0a, start); nl !== -1; nl = buf.indexOf(0x0a, start)) {
        if (pending) {
          onLine(pending);
        }
        pending = parsedLine(carryOffset + start, buf.toString('utf8', start, nl), nl - start);
        start = nl + 1;
      }
      carry = buf.subarray(start);
      carryOffset += start;
    }
  } finally {
    await fh.close();
  }
  if (carry.length) {
    if (pending) {
      onLine(pending); // a complete line; the torn one is after it
    }
    return { quarantined: await cutTail(path, carryOffset), size: carryOffset };
  }
  if (pending && pending.error !== undefined) {
    return { quarantined: await cutTail(path, pending.offset), size: pending.offset };
  }
  if (pending) {
    onLine(pending);
  }
  return { quarantined: null, size };
}

/**
 * Start-up's read of one record file: every parsed line goes to `use`, which applies it or says why it
 * cannot (then it is recorded in the sidecar). Returns the file's size, how many lines were not used
 * (a torn tail included) and one warning per kind of loss, naming the file as `name`.
 */
export async function loadJsonl(
  path: string,
  name: string,
  use: (value: unknown, line: ScannedLine) => string | null,
  from = 0,
): Promise<{ size: number; skipped: number; warnings: string[] }> {
  const skipped: { offset: number; text: string; reason: string }[] = [];
  const { quarantined, size } = await scanJsonlLines(
    path,
    (line) => {
      const reason = line.error ?? use(line.value, line);
      if (reason) {
        skipped.push({ offset: line.offset, text: line.text, reason });
      }
    },
    { from },
  );
  const warnings: string[] = [];
  if (quarantined) {
    warnings.push(
      `${name}: a torn last line (${quarantined.bytes} bytes at offset ${quarantined.offset}) was moved to ${quarantined.sidecar}`,
    );
  }
  if (skipped.length) {
    await recordSkipped(path, skipped);
    warnings.push(
      `${name}: ${skipped.length} line(s) skipped and recorded in ${sidecarOf(path)} (first at offset ${skipped[0]?.offset}: ${skipped[0]?.reason})`,
    );
  }
  return { size, skipped: skipped.length + (quarantined ? 1 : 0), warnings };
}

function parsedLine(offset: number, text: string, bytes: number): ScannedLine | null {
  if (!text.trim()) {
    return null;
  }
  try {
    return { offset, bytes, text, value: JSON.parse(text) as unknown };
  } catch (err) {
    return { offset, bytes, text, error: `not JSON: ${(err as Error).message}` };
  }
}

/** Moves a torn tail (from `offset` to the end) into the sidecar and cuts it from the file. */
async function cutTail(path: string, offset: number): Promise<Quarantined> {
  const sidecar = sidecarOf(path);
  const fh = await open(path, 'r+');
  const tail = Buffer.alloc((await fh.stat()).size - offset);
  await fh.read(tail, 0, tail.length, offset);
  const record = JSON.stringify({
    offset,
    at: new Date().toISOString(),
    reason: 'torn last line',
    bytes: tail.length,
    content: tail.toString('base64'),
  });
  await writeFile(sidecar, `${record}\n`, { flag: 'a' });
  await fh.truncate(offset);
  await fh.sync();
  await fh.close();
  return { offset, bytes: tail.length, sidecar };
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
