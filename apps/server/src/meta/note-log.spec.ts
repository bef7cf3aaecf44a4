import {
  appendFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Note } from '@simscope/contracts';
import { aNote } from '../testing/factories.js';
import { NoteLog, type NoteLogOptions } from './note-log.js';
import { CHECKPOINT_FILE, NOTES_FILE } from './note-load.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 1);
const id = (i: number) => `01N${String(i).padStart(6, '0')}`;
/** Note i, written on day i / 10, tagged by parity. */
const note = (i: number): Note =>
  aNote(id(i), {
    createdAt: new Date(T0 + Math.floor(i / 10) * DAY).toISOString(),
    tags: [i % 2 ? 'odd' : 'even'],
    text: 'x'.repeat(100),
  });

/** The log on a real temporary directory: real files, real renames, a clock the test moves. */
describe('NoteLog', () => {
  let dir: string;
  let now: number;
  const logs: NoteLog[] = [];
  const open = async (options: Partial<NoteLogOptions> = {}) => {
    const warnings: string[] = [];
    const sut = await NoteLog.open({
      dir,
      sync: 'group',
      retentionDays: null,
      segmentBytes: 2_000,
      now: () => now,
      warn: (w) => warnings.push(w),
      ...options,
    });
    logs.push(sut);
    return { sut, warnings };
  };
  const close = async (sut: NoteLog) => {
    logs.splice(logs.indexOf(sut), 1);
    await sut.close();
  };
  const write = async (sut: NoteLog, from: number, to: number) => {
    for (let i = from; i < to; i++) {
      now = T0 + Math.floor(i / 10) * DAY;
      await sut.append(note(i));
    }
  };
  const titles = async (sut: NoteLog, tag?: string, limit = 1000) =>
    (await sut.query(tag ? { tag } : {}, limit)).map((n) => n.id);
  const expected = (from: number, to: number, keep: (i: number) => boolean = () => true) =>
    Array.from({ length: to - from }, (_, k) => to - 1 - k)
      .filter(keep)
      .map(id);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'simscope-notelog-'));
    now = T0;
  });
  afterEach(async () => {
    await Promise.all(logs.splice(0).map((l) => l.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('seals segments as they fill and reads notes back across them, before and after a restart', async () => {
    const { sut } = await open();
    await write(sut, 0, 60);

    const sealed = readdirSync(dir).filter((f) => /^meta_notes\.v1\.\d{6}\.jsonl$/.test(f));
    expect(sealed.length).toBeGreaterThanOrEqual(3);
    expect(await titles(sut, 'odd')).toEqual(expected(0, 60, (i) => i % 2 === 1));
    await close(sut);

    const { sut: again, warnings } = await open();
    expect(existsSync(join(dir, CHECKPOINT_FILE))).toBe(true);
    expect(await titles(again)).toEqual(expected(0, 60));
    expect(again.index.size).toBe(60);
    expect(warnings).toEqual([]);
  });

  it('seals the active segment once its first note is a day old', async () => {
    const { sut } = await open({ segmentBytes: 1 << 30 });
    await write(sut, 0, 5);
    now = T0 + DAY + 1;

    await sut.maintain();

    expect(readdirSync(dir)).toContain('meta_notes.v1.000001.jsonl');
    expect(await titles(sut)).toEqual(expected(0, 5));
  });

  it('archives sealed segments past the retention (moved, not deleted) and forgets them', async () => {
    const { sut } = await open({ retentionDays: 2 });
    await write(sut, 0, 60); // days 0–5
    now = T0 + 6 * DAY;

    await sut.maintain();

    const archived = readdirSync(join(dir, 'archive'));
    expect(archived.length).toBeGreaterThan(0);
    const kept = await titles(sut);
    expect(kept.length).toBeLessThan(60);
    expect(kept).toEqual(expected(60 - kept.length, 60));
    expect(Math.min(...kept.map((k) => Number(k.slice(3))))).toBeGreaterThanOrEqual(30); // ≥ day 3 kept…
    expect(sut.index.size).toBe(kept.length);
    await close(sut);

    const { sut: again } = await open({ retentionDays: 2 });
    expect(await titles(again)).toEqual(kept);
  });

  it('reads lines appended after the checkpoint (a crash, or another writer) on the next start', async () => {
    const { sut } = await open({ segmentBytes: 1 << 30 });
    await write(sut, 0, 10);
    await close(sut);
    appendFileSync(join(dir, NOTES_FILE), `${JSON.stringify(note(10))}\n{"torn":\n`);

    const { sut: again } = await open({ segmentBytes: 1 << 30 });

    expect(await titles(again)).toEqual(expected(0, 11));
    expect(again.skipped).toBe(1);
  });

  it('ignores a checkpoint that no longer describes the files, and reads every line', async () => {
    const { sut } = await open({ segmentBytes: 1 << 30 });
    await write(sut, 0, 10);
    await close(sut);
    truncateSync(join(dir, NOTES_FILE), 0);
    writeFileSync(join(dir, NOTES_FILE), `${JSON.stringify(note(3))}\n`);

    const { sut: again, warnings } = await open({ segmentBytes: 1 << 30 });

    expect(await titles(again)).toEqual([id(3)]);
    expect(warnings.join()).toMatch(/not used .*reading every note/);
  });

  it('ignores a checkpoint that is not one', async () => {
    const { sut } = await open({ segmentBytes: 1 << 30 });
    await write(sut, 0, 3);
    await close(sut);
    writeFileSync(join(dir, CHECKPOINT_FILE), 'garbage');

    const { sut: again, warnings } = await open({ segmentBytes: 1 << 30 });

    expect(await titles(again)).toEqual(expected(0, 3));
    expect(warnings.join()).toMatch(/not used/);
  });

  it('keeps the order of concurrent appends across a seal', async () => {
    const { sut } = await open({ segmentBytes: 500 });

    await Promise.all(Array.from({ length: 40 }, (_, i) => sut.append(note(i))));

    expect(await titles(sut)).toEqual(expected(0, 40));
    expect(await titles(sut, 'even', 5)).toEqual(expected(30, 40, (i) => i % 2 === 0));
  });
});
