import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importLegacyFile } from './legacy-import.js';

describe('importLegacyFile', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'simscope-legacy-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const legacyNote = (id: string) =>
    JSON.stringify({ v: 'eta-mu.meta-note.v1', ts: '2026-03-01T10:00:00Z', id, text: `t ${id}` });

  it('converts once, keeps the original beside it, and leaves a second start alone', async () => {
    const path = join(dir, 'meta_notes.v1.jsonl');
    const original = `${legacyNote('note-a')}\nnot json\n${legacyNote('')}\n`;
    writeFileSync(path, original);

    const sut = await importLegacyFile(path, 'notes');

    expect(sut).toMatchObject({ imported: 1, refused: 1, keptAs: `${path}.original-runtime` });
    expect(readFileSync(`${path}.original-runtime`, 'utf8')).toBe(original);
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    expect(JSON.parse(lines[0])).toMatchObject({ legacyId: 'note-a', title: 't note-a' });
    // What neither schema explains stays, for the loader to quarantine.
    expect(lines.slice(1)).toEqual(['not json', legacyNote('')]);
    expect(await importLegacyFile(path, 'notes')).toBeNull();
    expect(readdirSync(dir).sort()).toEqual([
      'meta_notes.v1.jsonl',
      'meta_notes.v1.jsonl.original-runtime',
    ]);
  });

  it('never overwrites an earlier copy of the original', async () => {
    const path = join(dir, 'meta_notes.v1.jsonl');
    writeFileSync(`${path}.original-runtime`, 'older copy\n');
    writeFileSync(path, `${legacyNote('note-b')}\n`);

    const sut = await importLegacyFile(path, 'notes');

    expect(sut?.keptAs).toBe(`${path}.original-runtime.2`);
    expect(readFileSync(`${path}.original-runtime`, 'utf8')).toBe('older copy\n');
  });

  it('does nothing to simscope’s own file or a missing one', async () => {
    const path = join(dir, 'meta_notes.v1.jsonl');
    expect(await importLegacyFile(path, 'notes')).toBeNull();
    writeFileSync(path, '{"schema":"simscope.meta-note.v1"}\n');
    expect(await importLegacyFile(path, 'notes')).toBeNull();
  });
});
