import {
  NOTE_CATEGORIES,
  OBJECTIVE_STATES,
  OBJECTIVE_TYPES,
  PRIORITIES,
  RUN_STATUSES,
  RUN_TYPES,
  SEVERITIES,
  TARGET_KINDS,
} from '@simscope/contracts';

/**
 * What a stored line must look like to be loaded. Each check returns why a value is not such a
 * line (null: it is). Start-up skips what fails, so one bad line never stops the server nor reaches
 * a client that would choke on it.
 */
type Check = (v: unknown) => string | null;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isTime = (v: unknown): boolean => typeof v === 'string' && Number.isFinite(Date.parse(v));
const isText = (v: unknown): boolean => typeof v === 'string';
const isId = (v: unknown): boolean => typeof v === 'string' && v.trim() !== '';
const isTextOrNull = (v: unknown): boolean => v === null || typeof v === 'string';
const oneOf =
  (values: readonly string[]) =>
  (v: unknown): boolean =>
    typeof v === 'string' && values.includes(v);
const listOf =
  (item: (v: unknown) => boolean) =>
  (v: unknown): boolean =>
    Array.isArray(v) && v.every(item);
const isTargetKind = oneOf(TARGET_KINDS);
const isTarget = (v: unknown): boolean => isObject(v) && isTargetKind(v['kind']) && isId(v['id']);
const isMetricMap = (v: unknown): boolean =>
  isObject(v) && Object.values(v).every((n) => typeof n === 'number' && Number.isFinite(n));

/** The first field of `v` that fails its test, as a reason. */
function fields(v: unknown, tests: Record<string, (x: unknown) => boolean>): string | null {
  if (!isObject(v)) {
    return `not an object (${v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v})`;
  }
  for (const name in tests) {
    if (!tests[name]?.(v[name])) {
      return `field ${name} is missing or malformed`;
    }
  }
  return null;
}

/** Built once: a start-up checks every stored note against it (500k notes: 0.5 s when rebuilt per line). */
const NOTE_FIELDS = {
  id: isId,
  createdAt: isTime,
  owner: isTextOrNull,
  category: oneOf(NOTE_CATEGORIES),
  severity: oneOf(SEVERITIES),
  title: isId,
  text: isText,
  tags: listOf(isText),
  targets: listOf(isTarget),
};

const isAuthor = (v: unknown): boolean =>
  isObject(v) && isId(v['id']) && isText(v['name']) && isId(v['via']);

/** Why `v`'s optional author is malformed (null: absent or well-formed). */
const authorProblem = (v: unknown): string | null =>
  isObject(v) && v['author'] !== undefined && !isAuthor(v['author'])
    ? 'field author is malformed'
    : null;

/** Why `v`'s optional flat object `field` is malformed (null: absent or well-formed). */
const flatProblem = (v: unknown, field: string): string | null => {
  const value = isObject(v) ? v[field] : undefined;
  return value === undefined ||
    (isObject(value) &&
      Object.values(value).every((x) => ['string', 'number', 'boolean'].includes(typeof x)))
    ? null
    : `field ${field} is malformed`;
};

/** Why `v`'s optional `legacyId` is malformed (null: absent or a non-blank string). */
const legacyIdProblem = (v: unknown): string | null =>
  isObject(v) && v['legacyId'] !== undefined && !isId(v['legacyId'])
    ? 'field legacyId is malformed'
    : null;

/** Why `v`'s optional evidence is malformed (null: absent, or an object of the known parts). */
const evidenceProblem = (v: unknown): string | null => {
  const e = isObject(v) ? v['evidence'] : undefined;
  if (e === undefined) {
    return null;
  }
  const ok =
    isObject(e) &&
    ['logLines', 'events', 'missing'].every((k) => e[k] === undefined || Array.isArray(e[k])) &&
    (e['memory'] === undefined || isObject(e['memory']));
  return ok ? null : 'field evidence is malformed';
};

export const checkNote: Check = (v) =>
  fields(v, NOTE_FIELDS) ??
  authorProblem(v) ??
  flatProblem(v, 'context') ??
  legacyIdProblem(v) ??
  evidenceProblem(v);

const lineHead = (idField: string) => ({ id: isId, [idField]: isId, createdAt: isTime });

export const checkRunLine: Check = (v) => {
  const head = fields(v, { ...lineHead('runId'), kind: oneOf(['created', 'event']) });
  if (head) {
    return head;
  }
  const line = v as Record<string, unknown>;
  if (line['kind'] === 'created') {
    const run = fields(line['run'], {
      id: (id) => id === line['runId'],
      createdAt: isTime,
      owner: isTextOrNull,
      type: oneOf(RUN_TYPES),
      title: isId,
      objective: isTextOrNull,
      model: isTextOrNull,
      dataset: isTextOrNull,
      description: (d) => d === undefined || isText(d),
      links: listOf(isText),
      tags: listOf(isText),
      targets: listOf(isTarget),
    });
    const problem = run ?? authorProblem(line['run']) ?? legacyIdProblem(line['run']);
    return problem && `run: ${problem}`;
  }
  return (
    fields(line, {
      owner: isTextOrNull,
      status: (s) => s === undefined || oneOf(RUN_STATUSES)(s),
      metrics: (m) => m === undefined || isMetricMap(m),
      note: (n) => n === undefined || isText(n),
      step: (n) => n === undefined || (typeof n === 'number' && Number.isFinite(n)),
      stamp: (st) => st === undefined || (isObject(st) && isId(st['containerId'])),
    }) ?? authorProblem(line)
  );
};

export const checkObjectiveLine: Check = (v) => {
  const head = fields(v, { ...lineHead('objectiveId'), kind: oneOf(['enqueued', 'transition']) });
  if (head) {
    return head;
  }
  const line = v as Record<string, unknown>;
  if (line['kind'] === 'enqueued') {
    const objective = fields(line['objective'], {
      id: (id) => id === line['objectiveId'],
      createdAt: isTime,
      owner: isTextOrNull,
      objective: isId,
      objectiveType: oneOf(OBJECTIVE_TYPES),
      target: isTextOrNull,
      priority: oneOf(PRIORITIES),
      refs: listOf(isText),
      metadata: isObject,
      dedupeKey: isId,
    });
    const problem = objective ?? authorProblem(line['objective']);
    return problem && `objective: ${problem}`;
  }
  return (
    fields(line, { state: oneOf(OBJECTIVE_STATES), owner: isTextOrNull }) ?? authorProblem(line)
  );
};
