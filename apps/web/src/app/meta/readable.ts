import type { Note, Objective, Run } from '@simscope/contracts';

/**
 * Whether a record from the API has the fields the pages read. The server validates what it stores
 * and skips bad lines at start-up, but a console must not go blank for everyone because one record
 * (from an older or newer server, or edited by hand) is not what it expects.
 */
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string';
const isTextList = (v: unknown): boolean => Array.isArray(v) && v.every(isText);
const isTargetList = (v: unknown): boolean =>
  Array.isArray(v) && v.every((t) => isObject(t) && isText(t['kind']) && isText(t['id']));

export function readableNote(v: unknown): v is Note {
  return (
    isObject(v) &&
    isText(v['id']) &&
    isText(v['title']) &&
    isText(v['category']) &&
    isText(v['severity']) &&
    isText(v['createdAt']) &&
    (v['text'] === undefined || isText(v['text'])) &&
    isTextList(v['tags']) &&
    isTargetList(v['targets'])
  );
}

export function readableRun(v: unknown): v is Run {
  return (
    isObject(v) &&
    isText(v['id']) &&
    isText(v['title']) &&
    isText(v['type']) &&
    isText(v['status']) &&
    isText(v['updatedAt']) &&
    isObject(v['metrics'])
  );
}

export function readableObjective(v: unknown): v is Objective {
  return (
    isObject(v) &&
    isText(v['id']) &&
    isText(v['objective']) &&
    isText(v['objectiveType']) &&
    isText(v['priority']) &&
    isText(v['state']) &&
    isText(v['createdAt'])
  );
}

/** The readable items of a list, and how many were left out. */
export function partition<T>(items: unknown, readable: (v: unknown) => v is T): [T[], number] {
  const list = Array.isArray(items) ? (items as unknown[]) : [];
  const ok = list.filter(readable);
  return [ok, list.length - ok.length];
}

/**
 * Who a note is by, for its feed line ("" when nobody in particular): the free-text owner, and the
 * signed-in author when simscope knows one and it is not the same name.
 */
export function byline(note: Pick<Note, 'owner' | 'author'>): string {
  const owner = note.owner?.trim() ?? '';
  const author = note.author?.name ?? '';
  if (owner && author && owner !== author) {
    return `${owner} (by ${author}) · `;
  }
  return owner || author ? `${owner || author} · ` : '';
}
