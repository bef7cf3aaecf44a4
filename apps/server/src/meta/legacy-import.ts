import { constants } from 'node:fs';
import { access, copyFile, open, readFile, rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { RunStatus } from '@simscope/contracts';
import {
  LEGACY_NOTE,
  LEGACY_RUN,
  isLegacyRecord,
  noteFromLegacy,
  runLinesFromLegacy,
} from './legacy-records.js';

/** Where the original file is kept, beside the converted one. */
export const ORIGINAL_SUFFIX = '.original-runtime';

export interface LegacyImport {
  file: string;
  imported: number;
  /** Original records that could not be converted: left in place, so the loader quarantines them. */
  refused: number;
  keptAs: string;
}

const parse = (line: string): unknown => {
  try {
    return JSON.parse(line) as unknown;
  } catch {
    return undefined;
  }
};

async function exists(path: string): Promise<boolean> {
  return access(path, constants.F_OK).then(
    () => true,
    () => false,
  );
}

/** The first line of a file (up to 64 KB), or null when there is no file. */
async function firstLine(path: string): Promise<string | null> {
  const handle = await open(path, 'r').catch(() => null);
  if (!handle) {
    return null;
  }
  try {
    const buf = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    const text = buf.subarray(0, bytesRead).toString('utf8');
    return text.split('\n', 1)[0] ?? '';
  } finally {
    await handle.close();
  }
}

async function writeDurably(path: string, text: string): Promise<void> {
  const tmp = `${path}.import-tmp`;
  const handle = await open(tmp, 'w');
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(tmp, path);
  const dir = await open(dirname(path), 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}

/**
 * Converts a data file the original runtime wrote (same name, `eta-mu.meta-*.v1` records) to
 * simscope's lines, in place, once: a file is the original's when its first line is one of its
 * records (simscope appends after, never before). The original file is first copied beside it
 * (`<name>.original-runtime`, or `.2`, `.3` … when that exists) and kept as it was; simscope's own
 * lines and lines neither explains stay where they are (the loader quarantines the latter).
 */
export async function importLegacyFile(
  path: string,
  kind: 'notes' | 'runs',
): Promise<LegacyImport | null> {
  const head = await firstLine(path);
  if (head === null || !isLegacyRecord(parse(head))) {
    return null;
  }
  const original = await readFile(path, 'utf8');
  let keptAs = `${path}${ORIGINAL_SUFFIX}`;
  for (let n = 2; await exists(keptAs); n++) {
    keptAs = `${path}${ORIGINAL_SUFFIX}.${n}`;
  }
  await copyFile(path, keptAs, constants.COPYFILE_EXCL);

  const runs = new Map<string, { id: string; status: RunStatus }>();
  let imported = 0;
  let refused = 0;
  const out: string[] = [];
  for (const line of original.split('\n')) {
    const value = line.trim() ? parse(line) : undefined;
    const legacy = isLegacyRecord(value) ? (value as Record<string, unknown>) : null;
    if (!legacy || legacy['v'] !== (kind === 'notes' ? LEGACY_NOTE : LEGACY_RUN)) {
      if (line.trim()) {
        out.push(line);
      }
      continue;
    }
    if (kind === 'notes') {
      const note = noteFromLegacy(legacy);
      if (typeof note === 'string') {
        refused++;
        out.push(line);
      } else {
        imported++;
        out.push(JSON.stringify(note));
      }
      continue;
    }
    const legacyId = typeof legacy['id'] === 'string' ? legacy['id'].trim() : '';
    const lines = runLinesFromLegacy(legacy, runs.get(legacyId));
    if (typeof lines === 'string') {
      refused++;
      out.push(line);
      continue;
    }
    imported++;
    for (const l of lines) {
      const current = runs.get(legacyId);
      const status = l.kind === 'event' ? l.status : 'planned';
      runs.set(legacyId, { id: l.runId, status: status ?? current?.status ?? 'planned' });
      out.push(JSON.stringify(l));
    }
  }
  await writeDurably(path, out.length ? `${out.join('\n')}\n` : '');
  return { file: path, imported, refused, keptAs };
}

/** Both streams the original runtime shares a name with, before the store loads them. */
export async function importLegacyFiles(
  dir: string,
  files: { notes: string; runs: string },
): Promise<LegacyImport[]> {
  const done: LegacyImport[] = [];
  for (const kind of ['notes', 'runs'] as const) {
    const result = await importLegacyFile(join(dir, files[kind]), kind);
    if (result) {
      done.push(result);
    }
  }
  return done;
}
