import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  ConflictException,
  Injectable,
  Logger,
  NotFoundException,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import type { MetaOpsEvent, Note, Objective, Run } from '@simscope/contracts';
import { Subject } from 'rxjs';
import { incrementBase32, isValid, monotonicFactory } from 'ulid';
import { AppendOnlyFile, lockDirectory } from '../adapters/fs/append-only-file.js';
import { loadJsonl } from '../adapters/fs/jsonl-scan.js';
import { MetaSettings } from '../config/settings.js';
import { KeyedMutex } from './keyed-mutex.js';
import { importLegacyFiles } from './legacy-import.js';
import { checkObjectiveLine, checkRunLine } from './line-shapes.js';
import type { NoteFilter } from './note-index.js';
import { NoteLog, type StoredNote } from './note-log.js';
import { NOTES_FILE } from './note-load.js';
import {
  isOpen,
  reduceObjective,
  reduceRun,
  TransitionError,
  type ObjectiveLine,
  type RunLine,
} from './reducers.js';

export const FILES = {
  notes: NOTES_FILE,
  runs: 'meta_runs.v1.jsonl',
  objectives: 'meta_objectives.v1.jsonl',
} as const;

/** Runs and objectives: reduced state, read whole at start and served from memory. */
type StateStream = Exclude<keyof typeof FILES, 'notes'>;

const MAINTAIN_MS = 3_600_000;

/**
 * The team's record: three append-only JSONL streams under the data directory. Notes (the stream
 * that grows without bound) are indexed in memory and read back from disk ({@link NoteLog}); runs
 * and objectives are reduced to their current state at start. A write resolves only once its line
 * is on disk.
 */
@Injectable()
export class MetaStoreService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(MetaStoreService.name);
  private readonly ulid = monotonicFactory();
  private readonly mutex = new KeyedMutex();
  private files: Record<StateStream, AppendOnlyFile> | null = null;
  private notes: NoteLog | null = null;
  private maintenance: NodeJS.Timeout | null = null;
  private unlock: (() => Promise<void>) | null = null;

  readonly runs = new Map<string, Run>();
  /** The original runtime's run ids (imported runs) → simscope's. */
  private readonly legacyRunIds = new Map<string, string>();
  readonly objectives = new Map<string, Objective>();
  /** Open objectives by dedupe key. */
  private readonly openByKey = new Map<string, string>();
  readonly records$ = new Subject<MetaOpsEvent>();
  /** Lines start-up could not use (torn, not JSON, wrong shape, or not applicable), per stream. */
  readonly skipped: Record<keyof typeof FILES, number> = { notes: 0, runs: 0, objectives: 0 };

  constructor(private readonly settings: MetaSettings) {}

  async onModuleInit(): Promise<void> {
    const dir = this.settings.dataDir;
    await mkdir(dir, { recursive: true });
    this.unlock = await lockDirectory(join(dir, '.lock'));
    for (const done of await importLegacyFiles(dir, FILES)) {
      this.logger.log(
        `imported ${done.imported} records of the original runtime from ${done.file} (the original kept as ${done.keptAs})` +
          (done.refused ? `; ${done.refused} could not be converted and are quarantined` : ''),
      );
    }
    this.notes = await NoteLog.open({
      dir,
      sync: this.settings.sync,
      retentionDays: this.settings.retentionDays,
      warn: (message) => this.logger.warn(message),
    });
    this.skipped.notes = this.notes.skipped;
    for (const stream of ['runs', 'objectives'] as const) {
      const loaded = await loadJsonl(join(dir, FILES[stream]), FILES[stream], (value) =>
        this.load(stream, value),
      );
      this.skipped[stream] += loaded.skipped;
      loaded.warnings.forEach((w) => this.logger.warn(w));
    }
    const mode = this.settings.sync;
    this.files = {
      runs: await AppendOnlyFile.open(join(dir, FILES.runs), mode),
      objectives: await AppendOnlyFile.open(join(dir, FILES.objectives), mode),
    };
    const notes = this.notes;
    this.maintenance = setInterval(() => {
      notes.maintain().catch((err: unknown) => {
        this.logger.error(`note segment maintenance failed: ${(err as Error).message}`);
      });
    }, MAINTAIN_MS);
    this.maintenance.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.maintenance ?? undefined);
    await this.notes?.close();
    if (this.files) {
      await Promise.all(Object.values(this.files).map((f) => f.close()));
    }
    await this.unlock?.();
  }

  /** A run id as given, or the simscope id of an imported run the original runtime called that. */
  runIdFor(ref: string): string {
    return this.runs.has(ref) ? ref : (this.legacyRunIds.get(ref) ?? ref);
  }

  /** A new id, after every note id already stored (ids are the notes' order). */
  newId(): string {
    const id = this.ulid();
    const last = this.notes?.index.lastId;
    return last !== undefined && id <= last && isValid(last) ? incrementBase32(last) : id;
  }

  async appendNote(note: Note): Promise<Note> {
    await this.noteLog().append(note);
    this.records$.next({ stream: 'notes', record: note });
    return note;
  }

  /** Notes that pass the filter, newest first, below the cursor (an id). */
  queryNotes(filter: NoteFilter, limit: number, before?: string): Promise<Note[]> {
    return this.noteLog().query(filter, limit, before);
  }

  /** As {@link queryNotes}, each note as its stored JSON line. */
  queryNoteLines(filter: NoteFilter, limit: number, before?: string): Promise<StoredNote[]> {
    return this.noteLog().queryLines(filter, limit, before);
  }

  /** Whether any stored note passes the filter (memory only). */
  hasNote(filter: NoteFilter): boolean {
    return this.noteLog().index.has(filter);
  }

  get noteCount(): number {
    return this.notes?.index.size ?? 0;
  }

  /** Validates against the current state, persists, then applies: serialised per run. */
  appendRunLine(line: RunLine): Promise<Run> {
    return this.mutex.run(`run:${line.runId}`, async () => {
      const current = this.runs.get(line.runId);
      if (line.kind === 'event' && !current) {
        throw new NotFoundException(`No run '${line.runId}'`);
      }
      const next = this.guard(() => reduceRun(current, line));
      await this.file('runs').append(JSON.stringify(line));
      this.runs.set(line.runId, next);
      this.records$.next({ stream: 'runs', record: next });
      return next;
    });
  }

  /** Enqueue (idempotent per open dedupe key) or transition; serialised per key and per objective. */
  appendObjectiveLine(line: ObjectiveLine): Promise<{ objective: Objective; created: boolean }> {
    const key =
      line.kind === 'enqueued' ? `key:${line.objective.dedupeKey}` : `obj:${line.objectiveId}`;
    return this.mutex.run(key, async () => {
      if (line.kind === 'enqueued') {
        const openId = this.openByKey.get(line.objective.dedupeKey);
        const open = openId ? this.objectives.get(openId) : undefined;
        if (open && isOpen(open)) {
          return { objective: open, created: false };
        }
      }
      const current = this.objectives.get(line.objectiveId);
      if (line.kind === 'transition' && !current) {
        throw new NotFoundException(`No objective '${line.objectiveId}'`);
      }
      const next = this.guard(() => reduceObjective(current, line));
      await this.file('objectives').append(JSON.stringify(line));
      this.applyObjective(next);
      this.records$.next({ stream: 'objectives', record: next });
      return { objective: next, created: line.kind === 'enqueued' };
    });
  }

  private guard<T>(fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      if (err instanceof TransitionError) {
        throw new ConflictException(err.message);
      }
      throw err;
    }
  }

  private applyObjective(o: Objective): void {
    this.objectives.set(o.id, o);
    if (isOpen(o)) {
      this.openByKey.set(o.dedupeKey, o.id);
    } else if (this.openByKey.get(o.dedupeKey) === o.id) {
      this.openByKey.delete(o.dedupeKey);
    }
  }

  /** Applies one stored line; returns why it cannot be used (and applies nothing) instead of throwing. */
  private load(stream: StateStream, value: unknown): string | null {
    const check = { runs: checkRunLine, objectives: checkObjectiveLine }[stream];
    const shape = check(value);
    if (shape) {
      return shape;
    }
    try {
      switch (stream) {
        case 'runs': {
          const line = value as RunLine;
          this.runs.set(line.runId, reduceRun(this.runs.get(line.runId), line));
          if (line.kind === 'created' && line.run.legacyId) {
            this.legacyRunIds.set(line.run.legacyId, line.runId);
          }
          break;
        }
        case 'objectives': {
          const line = value as ObjectiveLine;
          this.applyObjective(reduceObjective(this.objectives.get(line.objectiveId), line));
          break;
        }
      }
      return null;
    } catch (err) {
      return `does not apply: ${err instanceof Error ? err.message : String(err)}`;
    }
  }

  private file(stream: StateStream): AppendOnlyFile {
    if (!this.files) {
      throw new Error('the meta store is not open yet');
    }
    return this.files[stream];
  }

  private noteLog(): NoteLog {
    if (!this.notes) {
      throw new Error('the meta store is not open yet');
    }
    return this.notes;
  }
}
