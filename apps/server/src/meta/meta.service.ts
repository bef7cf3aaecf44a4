import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import {
  META_LIMITS,
  META_NOTE_SCHEMA,
  type CreateNoteDto,
  type CreateRunDto,
  type EnqueueObjectiveDto,
  type Author,
  type FailureEvidence,
  type Note,
  type NotesQueryDto,
  type Objective,
  type ObjectiveTransitionDto,
  type ObjectivesQueryDto,
  type PageQueryDto,
  type RunsQueryDto,
  type Page,
  type Run,
  type RunEventDto,
  type RunStatus,
  type Target,
} from '@simscope/contracts';
import { filter, map, type Observable } from 'rxjs';
import { MetaStoreService } from './meta-store.service.js';
import { statusPath, titleFromText } from './creation.js';
import { defaultDedupeKey, type RunLine } from './reducers.js';

type RunEventLine = Extract<RunLine, { kind: 'event' }>;

const DEFAULT_LIMIT = 50;

/** Newest first, after the cursor (an id), up to the limit. Reads memory only. */
export function page<T extends { id: string }>(
  itemsOldestFirst: readonly T[],
  query: PageQueryDto,
  keep: (item: T) => boolean = () => true,
): Page<T> {
  const limit = query.limit ?? DEFAULT_LIMIT;
  const items: T[] = [];
  for (let i = itemsOldestFirst.length - 1; i >= 0 && items.length <= limit; i--) {
    const item = itemsOldestFirst[i];
    if ((query.cursor === undefined || item.id < query.cursor) && keep(item)) {
      items.push(item);
    }
  }
  const more = items.length > limit;
  const shown = items.slice(0, limit);
  return { items: shown, nextCursor: more ? (shown.at(-1)?.id ?? null) : null };
}

@Injectable()
export class MetaService {
  /** Each run as it is created. */
  readonly runsCreated$: Observable<Run>;

  constructor(private readonly store: MetaStoreService) {
    this.runsCreated$ = store.records$.pipe(
      filter((e) => e.stream === 'runs' && e.record.events === 0),
      map((e) => e.record as Run),
    );
  }

  /** `evidence`: only the failure feed attaches it (no client can). */
  addNote(
    dto: CreateNoteDto,
    source: Note['source'] = 'user',
    author?: Author,
    evidence?: FailureEvidence,
  ): Promise<Note> {
    const context = dto.context === undefined ? undefined : checkFlat(dto.context, 'context');
    const id = this.store.newId();
    return this.store.appendNote({
      schema: META_NOTE_SCHEMA,
      id,
      createdAt: new Date().toISOString(),
      owner: dto.owner ?? null,
      category: dto.category ?? 'observation',
      severity: dto.severity ?? 'info',
      // The DTO lets the title go only when the text has something to take it from.
      title: dto.title ?? titleFromText(dto.text ?? ''),
      text: dto.text ?? '',
      tags: dto.tags ?? [],
      targets: (dto.targets ?? []).map((t): Target => ({ kind: t.kind, id: t.id })),
      source,
      ...(context ? { context } : {}),
      ...(author ? { author } : {}),
      ...(evidence ? { evidence } : {}),
    });
  }

  /** Served from the note index: the cost follows the matches, not the size of the record. */
  /**
   * A page of notes as the JSON text of a `Page<Note>`, built from the stored lines as they are:
   * at 500k notes under many readers, parsing each line and encoding it again was most of a read.
   */
  async listNotesJson(q: NotesQueryDto): Promise<string> {
    const limit = q.limit ?? DEFAULT_LIMIT;
    const found = await this.store.queryNoteLines(
      {
        category: q.category,
        severity: q.severity,
        tag: q.tag,
        target: q.target,
        sinceMs: q.since ? Date.parse(q.since) : undefined,
        untilMs: q.until ? Date.parse(q.until) : undefined,
      },
      limit + 1,
      q.cursor,
    );
    const shown = found.slice(0, limit);
    const nextCursor = found.length > limit ? (shown.at(-1)?.id ?? null) : null;
    return `{"items":[${shown.map((n) => n.line).join(',')}],"nextCursor":${JSON.stringify(nextCursor)}}`;
  }

  /** A page of notes (see {@link listNotesJson}, which the API serves). */
  async listNotes(q: NotesQueryDto): Promise<Page<Note>> {
    return JSON.parse(await this.listNotesJson(q)) as Page<Note>;
  }

  /**
   * A run, then — when it was created with a `status` past `planned` or with `metrics` (the original
   * runtime's shape) — the transition events that bring it there, the metrics on the first.
   */
  async createRun(dto: CreateRunDto, author?: Author): Promise<Run> {
    let run = await this.appendCreated(dto, author);
    const steps: (RunStatus | undefined)[] = statusPath(dto.status ?? 'planned');
    if (steps.length === 0 && dto.metrics) {
      steps.push(undefined);
    }
    for (const [i, status] of steps.entries()) {
      run = await this.runEvent(
        run.id,
        { status, metrics: i === 0 ? dto.metrics : undefined, owner: dto.owner },
        author,
      );
    }
    return run;
  }

  private appendCreated(dto: CreateRunDto, author?: Author): Promise<Run> {
    const id = this.store.newId();
    const createdAt = new Date().toISOString();
    return this.store.appendRunLine({
      schema: 'simscope.meta-run-event.v1',
      id,
      runId: id,
      createdAt,
      kind: 'created',
      run: {
        id,
        createdAt,
        owner: dto.owner ?? null,
        type: dto.type,
        title: dto.title,
        objective: dto.objective ?? null,
        model: dto.model ?? null,
        dataset: dto.dataset ?? null,
        ...(dto.description ? { description: dto.description } : {}),
        links: dto.links ?? [],
        tags: dto.tags ?? [],
        targets: (dto.targets ?? []).map((t) => ({ kind: t.kind, id: t.id })),
        ...(author ? { author } : {}),
      },
    });
  }

  runEvent(runId: string, dto: RunEventDto, author?: Author): Promise<Run> {
    if (!dto.status && !dto.metrics && !dto.note) {
      throw new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: ['an event needs a status, metrics or a note'],
        fields: { status: ['an event needs a status, metrics or a note'] },
      });
    }
    if (dto.metrics && Object.keys(dto.metrics).length > META_LIMITS.metrics) {
      throw new BadRequestException(`at most ${META_LIMITS.metrics} metrics per event`);
    }
    return this.appendRunEvent(runId, dto.owner ?? null, {
      status: dto.status,
      metrics: dto.metrics,
      note: dto.note,
      ...(author ? { author } : {}),
    });
  }

  /** Every run, as reduced (the run binder scans them for targets naming a container). */
  runs(): Iterable<Run> {
    return this.store.runs.values();
  }

  /** A run by id or legacy id, or undefined. */
  findRun(ref: string): Run | undefined {
    return this.store.runs.get(this.store.runIdFor(ref));
  }

  /**
   * An event simscope records itself about a run (its bound containers): a status change with
   * why, metrics read from events (with their tick), or a container's stamp. Owner `simscope`.
   */
  recordRunEvent(
    runId: string,
    fields: Pick<RunEventLine, 'status' | 'metrics' | 'step' | 'stamp' | 'note'>,
  ): Promise<Run> {
    return this.appendRunEvent(runId, 'simscope', fields);
  }

  private appendRunEvent(
    runId: string,
    owner: string | null,
    fields: Pick<RunEventLine, 'status' | 'metrics' | 'step' | 'stamp' | 'note' | 'author'>,
  ): Promise<Run> {
    return this.store.appendRunLine({
      schema: 'simscope.meta-run-event.v1',
      id: this.store.newId(),
      runId: this.store.runIdFor(runId),
      createdAt: new Date().toISOString(),
      kind: 'event',
      owner,
      ...fields,
    });
  }

  getRun(id: string): Run {
    const run = this.store.runs.get(this.store.runIdFor(id));
    if (!run) {
      throw new NotFoundException(`No run '${id}'`);
    }
    return run;
  }

  listRuns(q: RunsQueryDto): Page<Run> {
    return page(
      [...this.store.runs.values()],
      q,
      (r) =>
        (q.status === undefined || r.status === q.status) &&
        (q.type === undefined || r.type === q.type) &&
        (q.target === undefined || r.targets.some((t) => t.id === q.target)),
    );
  }

  enqueue(
    dto: EnqueueObjectiveDto,
    author?: Author,
  ): Promise<{ objective: Objective; created: boolean }> {
    const metadata = checkFlat(dto.metadata ?? {}, 'metadata');
    const type = dto.objectiveType ?? 'evaluation';
    const id = this.store.newId();
    const createdAt = new Date().toISOString();
    return this.store.appendObjectiveLine({
      schema: 'simscope.meta-objective-event.v1',
      id,
      objectiveId: id,
      createdAt,
      kind: 'enqueued',
      objective: {
        id,
        createdAt,
        owner: dto.owner ?? null,
        objective: dto.objective,
        objectiveType: type,
        target: dto.target ?? null,
        priority: dto.priority ?? 'medium',
        refs: dto.refs ?? [],
        metadata,
        dedupeKey: dto.dedupeKey ?? defaultDedupeKey(type, dto.target ?? null, dto.objective),
        ...(author ? { author } : {}),
      },
    });
  }

  async transition(id: string, dto: ObjectiveTransitionDto, author?: Author): Promise<Objective> {
    const { objective } = await this.store.appendObjectiveLine({
      schema: 'simscope.meta-objective-event.v1',
      id: this.store.newId(),
      objectiveId: id,
      createdAt: new Date().toISOString(),
      kind: 'transition',
      state: dto.state,
      owner: dto.owner ?? null,
      ...(author ? { author } : {}),
    });
    return objective;
  }

  listObjectives(q: ObjectivesQueryDto): Page<Objective> {
    return page(
      [...this.store.objectives.values()],
      q,
      (o) =>
        (q.state === undefined || o.state === q.state) &&
        (q.priority === undefined || o.priority === q.priority),
    );
  }
}

/** A small flat object (metadata, context): at most 20 keys, scalar values, strings ≤ 500 chars. */
function checkFlat(
  m: Record<string, unknown>,
  field: 'metadata' | 'context',
): Record<string, string | number | boolean> {
  const problems: string[] = [];
  const entries = Object.entries(m);
  if (entries.length > META_LIMITS.metadataKeys) {
    problems.push(`${field} has at most ${META_LIMITS.metadataKeys} keys`);
  }
  for (const [k, v] of entries) {
    if (k.length > META_LIMITS.metadataKey) {
      problems.push(`${field} keys must be at most ${META_LIMITS.metadataKey} characters`);
      continue;
    }
    const scalar =
      typeof v === 'number' ? Number.isFinite(v) : typeof v === 'boolean' || typeof v === 'string';
    if (!scalar) {
      problems.push(`${field}.${k} must be a string, a finite number or a boolean`);
    } else if (typeof v === 'string' && v.length > META_LIMITS.metadataValue) {
      problems.push(`${field}.${k} must be at most ${META_LIMITS.metadataValue} characters`);
    }
  }
  if (problems.length) {
    throw new BadRequestException({
      statusCode: 400,
      error: 'Bad Request',
      message: problems,
      fields: { [field]: problems },
    });
  }
  return Object.fromEntries(entries) as Record<string, string | number | boolean>;
}
