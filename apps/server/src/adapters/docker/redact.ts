/** Environment values at least this long are masked; shorter ones (on, 1, prod) are too common. */
export const MIN_MASKED_LENGTH = 8;
export const MASK = '[env value]';

/** Variables every image has and no one keeps secrets in: their values stay readable. */
const PLAIN = new Set([
  'PATH',
  'HOSTNAME',
  'HOME',
  'TERM',
  'LANG',
  'LC_ALL',
  'PWD',
  'SHELL',
  'USER',
]);

/**
 * The values of a container's own environment worth masking, longest first (so one that contains
 * another is masked whole). Names are not kept, and nothing here leaves the adapter.
 */
export function maskableValues(env: readonly string[] | null | undefined): string[] {
  const values = new Set<string>();
  for (const entry of env ?? []) {
    const eq = entry.indexOf('=');
    const name = eq === -1 ? entry : entry.slice(0, eq);
    const value = eq === -1 ? '' : entry.slice(eq + 1);
    if (!PLAIN.has(name) && value.length >= MIN_MASKED_LENGTH) {
      values.add(value);
    }
  }
  return [...values].sort((a, b) => b.length - a.length);
}

/** `text` with every occurrence of each value replaced by MASK. */
export function redact(text: string, values: readonly string[]): string {
  let out = text;
  for (const v of values) {
    if (out.includes(v)) {
      out = out.split(v).join(MASK);
    }
  }
  return out;
}
