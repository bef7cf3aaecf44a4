import { createHash } from 'node:crypto';
import {
  META_NOTE_SCHEMA,
  NOTE_CATEGORIES,
  RUN_STATUSES,
  RUN_TYPES,
  SEVERITIES,
  parseTarget,
  splitList,
  type Note,
  type RunStatus,
  type Target,
} from '@simscope/contracts';
import { encodeTime } from 'ulid';
import { statusPath, titleFromText } from './creation.js';
import type { RunLine } from './reducers.js';

/** The original runtime's record versions (its meta_ops `v` field). */
export const LEGACY_NOTE = 'eta-mu.meta-note.v1';
export const LEGACY_RUN = 'eta-mu.meta-run.v1';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
type Row = Record<string, unknown>;

const isRow = (v: unknown): v is Row => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');
const oneOf = <T extends string>(values: readonly T[], v: unknown, fallback: T): T => {
  const value = text(v).toLowerCase() as T;
  return values.includes(value) ? value : fallback;
};
const strings = (v: unknown): string[] =>
  (splitList(v) as unknown[] | undefined)?.filter((x): x is string => typeof x === 'string') ?? [];
const targets = (v: unknown): Target[] => strings(v).map(parseTarget);

/** Is this parsed line one of the original runtime's records? */
export function isLegacyRecord(v: unknown): boolean {
  return isRow(v) && (v['v'] === LEGACY_NOTE || v['v'] === LEGACY_RUN);
}

/**
 * A ULID for an imported record: its time part is the record's own time (so imported records take
 * their place in simscope's id order, which is time order), the rest from its original id, so a
 * second import of the same record gives the same id.
 */
export function legacyUlid(atMs: number, key: string): string {
  const digest = createHash('sha1').update(key).digest();
  let random = '';
  for (let i = 0; i < 16; i++) {
    random += CROCKFORD[(digest[i] ?? 0) % 32];
  }
  return encodeTime(atMs, 10) + random;
}

function timeOf(row: Row): number | string {
  const ms = Date.parse(text(row['ts']));
  return Number.isFinite(ms) ? ms : 'its ts is not a time';
}

/** The original's context: scalars kept, anything else as its JSON text (cut to 500). */
function flatContext(v: unknown): Record<string, string | number | boolean> | undefined {
  if (!isRow(v) || Object.keys(v).length === 0) {
    return undefined;
  }
  const out: Record<string, string | number | boolean> = {};
  for (const [k, value] of Object.entries(v).slice(0, 20)) {
    out[k.slice(0, 64)] =
      typeof value === 'string' || typeof value === 'boolean'
        ? value
        : typeof value === 'number' && Number.isFinite(value)
          ? value
          : JSON.stringify(value ?? null).slice(0, 500);
  }
  return out;
}

/** An original note as simscope's, or why it cannot be one. */
export function noteFromLegacy(row: Row): Note | string {
  const at = timeOf(row);
  const legacyId = text(row['id']);
  if (typeof at === 'string' || !legacyId) {
    return typeof at === 'string' ? at : 'it has no id';
  }
  const body = typeof row['text'] === 'string' ? row['text'] : '';
  const title = text(row['title']).slice(0, 160) || titleFromText(body);
  if (!title) {
    return 'it has neither a title nor a text';
  }
  const context = flatContext(row['context']);
  return {
    schema: META_NOTE_SCHEMA,
    id: legacyUlid(at, legacyId),
    createdAt: new Date(at).toISOString(),
    owner: text(row['owner']) || null,
    category: oneOf(NOTE_CATEGORIES, row['category'], 'observation'),
    severity: oneOf(SEVERITIES, row['severity'], 'info'),
    title,
    text: body,
    tags: strings(row['tags']),
    targets: targets(row['targets']),
    source: 'user',
    ...(context ? { context } : {}),
    legacyId,
  };
}

/**
 * One snapshot of an original run as simscope run lines: the first snapshot of an id is the
 * creation plus the events that bring it to its status (numeric metrics on the first event,
 * the others kept in its note); a later snapshot of the same id is the events from `current` to its
 * status, or a note saying the status could not be followed.
 */
export function runLinesFromLegacy(
  row: Row,
  existing: { id: string; status: RunStatus } | undefined,
): RunLine[] | string {
  const at = timeOf(row);
  const legacyId = text(row['id']);
  if (typeof at === 'string' || !legacyId) {
    return typeof at === 'string' ? at : 'it has no id';
  }
  const createdAt = new Date(at).toISOString();
  const owner = text(row['owner']) || null;
  const status = oneOf(RUN_STATUSES, row['status'], 'planned');
  const { numeric, other } = splitMetrics(row['metrics']);
  const lines: RunLine[] = [];
  let runId = existing?.id;
  if (!runId) {
    const type = text(row['run_type']).toLowerCase();
    const title = text(row['title']).slice(0, 160);
    if (!(RUN_TYPES as readonly string[]).includes(type) || !title) {
      return !title ? 'it has no title' : `its run_type "${type}" is not one of simscope's`;
    }
    runId = legacyUlid(at, legacyId);
    const description = text(row['notes']);
    lines.push({
      schema: 'simscope.meta-run-event.v1',
      id: runId,
      runId,
      createdAt,
      kind: 'created',
      run: {
        id: runId,
        createdAt,
        owner,
        type: type as (typeof RUN_TYPES)[number],
        title,
        objective: text(row['objective']) || null,
        model: text(row['model_ref']) || null,
        dataset: text(row['dataset_ref']) || null,
        ...(description ? { description } : {}),
        links: strings(row['links']),
        tags: strings(row['tags']),
        targets: targets(row['targets']),
        legacyId,
      },
    });
  }
  const from = existing?.status ?? 'planned';
  let steps: (RunStatus | undefined)[] = [];
  let note: string | undefined;
  try {
    steps = statusPath(status, from);
  } catch {
    note = `the original runtime recorded status ${status}, which cannot follow ${from}`;
  }
  if (other) {
    note = [note, `non-numeric metrics from the original runtime: ${other}`]
      .filter(Boolean)
      .join('; ');
  }
  if (steps.length === 0 && (numeric || note)) {
    steps = [undefined];
  }
  steps.forEach((s, i) => {
    lines.push({
      schema: 'simscope.meta-run-event.v1',
      id: legacyUlid(at, `${legacyId}#${createdAt}#${i}`),
      runId: runId,
      createdAt,
      kind: 'event',
      owner,
      ...(s ? { status: s } : {}),
      ...(i === 0 && numeric ? { metrics: numeric } : {}),
      ...(i === 0 && note ? { note } : {}),
    });
  });
  return lines;
}

function splitMetrics(v: unknown): { numeric?: Record<string, number>; other?: string } {
  if (!isRow(v)) {
    return {};
  }
  const numeric: Record<string, number> = {};
  const other: Record<string, unknown> = {};
  for (const [k, value] of Object.entries(v)) {
    if (typeof value === 'number' && Number.isFinite(value) && k.length > 0 && k.length <= 100) {
      numeric[k] = value;
    } else {
      other[k] = value;
    }
  }
  return {
    ...(Object.keys(numeric).length ? { numeric } : {}),
    ...(Object.keys(other).length ? { other: JSON.stringify(other).slice(0, 2000) } : {}),
  };
}
