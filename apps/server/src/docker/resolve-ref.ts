import type { SimulationContainer } from '@simscope/contracts';

type Row = Pick<SimulationContainer, 'id' | 'name' | 'host'>;

/**
 * `host/ref` looks on that engine only; a bare ref anywhere, found only when it is unique: a full
 * id, a name, or an id prefix of at least 4 hex digits. Pure.
 */
export function resolveRef<T extends Row>(
  ref: string,
  byId: (id: string) => T | undefined,
  rows: Iterable<T>,
): T | null {
  const slash = ref.indexOf('/');
  const host = slash > 0 ? ref.slice(0, slash) : null;
  const key = host ? ref.slice(slash + 1) : ref;
  const exact = byId(key);
  if (exact && (!host || exact.host === host)) {
    return exact;
  }
  const name = key.replace(/^\//, '');
  const byName: T[] = [];
  const byPrefix: T[] = [];
  const hex = key.length >= 4 && /^[0-9a-f]+$/.test(key);
  for (const c of rows) {
    if (host && c.host !== host) {
      continue;
    }
    if (c.name === name) {
      byName.push(c);
    } else if (hex && c.id.startsWith(key)) {
      byPrefix.push(c);
    }
  }
  if (byName.length) {
    return byName.length === 1 ? (byName[0] ?? null) : null;
  }
  return byPrefix.length === 1 ? (byPrefix[0] ?? null) : null;
}

/** By exact name only (the proxy's route lookup); the same name on two engines is ambiguous. */
export function uniqueByName<T extends Row>(name: string, rows: Iterable<T>): T | null {
  let found: T | null = null;
  for (const c of rows) {
    if (c.name === name) {
      if (found) {
        return null;
      }
      found = c;
    }
  }
  return found;
}
