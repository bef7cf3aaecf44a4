// The original runtime's request shapes, accepted by the shared DTOs: its snake_case field names
// (declared on each DTO with @Alias) and its list spellings (a comma-separated string for a list).
import { TARGET_KINDS, type TargetKind } from '../meta.js';
import type { Target } from '../payloads/meta.js';
import type { FieldErrors } from '../validate.js';

const ALIASES = new WeakMap<object, Map<string, string>>();

/** Also accept this field under the original runtime's name(s), e.g. `@Alias('run_type') type`. */
export function Alias(...names: string[]): PropertyDecorator {
  return (target, key) => {
    let map = ALIASES.get(target);
    if (!map) {
      map = new Map();
      ALIASES.set(target, map);
    }
    for (const name of names) {
      map.set(name, String(key));
    }
  };
}

/** Per DTO class, built on first use: every validated request asks (decorators ran long before). */
const RESOLVED = new WeakMap<object, ReadonlyMap<string, string>>();

/** alias → property for a DTO class, its parents' included. */
export function aliasesOf(dto: abstract new () => object): ReadonlyMap<string, string> {
  const known = RESOLVED.get(dto);
  if (known) {
    return known;
  }
  const out = new Map<string, string>();
  for (let p: object | null = dto.prototype as object; p; p = Object.getPrototypeOf(p) as object) {
    ALIASES.get(p)?.forEach((property, alias) => out.has(alias) || out.set(alias, property));
  }
  RESOLVED.set(dto, out);
  return out;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * The body with each alias renamed to its property. Both spellings given with different values is
 * a field error (which one was meant cannot be known); with the same value, one is kept.
 */
export function resolveAliases(
  dto: abstract new () => object,
  body: Record<string, unknown>,
): { body: Record<string, unknown>; errors: FieldErrors } {
  const aliases = aliasesOf(dto);
  if (aliases.size === 0 || !Object.keys(body).some((k) => aliases.has(k))) {
    return { body, errors: {} };
  }
  const out: Record<string, unknown> = {};
  const errors: FieldErrors = {};
  for (const [key, value] of Object.entries(body)) {
    const property = aliases.get(key);
    if (property === undefined) {
      out[key] = value;
    }
  }
  for (const [key, value] of Object.entries(body)) {
    const property = aliases.get(key);
    if (property === undefined || value === undefined) {
      continue;
    }
    if (property in out && !same(out[property], value)) {
      errors[key] = [`${key} and ${property} are the same field with different values: send one`];
      continue;
    }
    out[property] = value;
  }
  return { body: out, errors };
}

/**
 * A list given as a list or as one comma-separated string (the original's form): items trimmed,
 * empty ones dropped, repeats (ignoring case) kept once, first spelling wins. Anything else is left
 * for the validators to refuse.
 */
export function splitList(value: unknown): unknown {
  const items =
    typeof value === 'string' ? value.split(',') : Array.isArray(value) ? value : undefined;
  if (!items) {
    return value;
  }
  const seen = new Set<string>();
  const out: unknown[] = [];
  for (const item of items) {
    if (typeof item !== 'string') {
      out.push(item);
      continue;
    }
    const clean = item.trim();
    const key = clean.toLowerCase();
    if (clean && !seen.has(key)) {
      seen.add(key);
      out.push(clean);
    }
  }
  return out;
}

/** `kind:id` when kind is a target kind; otherwise the whole text names a container. */
export function parseTarget(text: string): Target {
  const colon = text.indexOf(':');
  const kind = colon > 0 ? text.slice(0, colon).trim().toLowerCase() : '';
  return (TARGET_KINDS as readonly string[]).includes(kind)
    ? { kind: kind as TargetKind, id: text.slice(colon + 1).trim() }
    : { kind: 'container', id: text.trim() };
}

/** Targets as objects, strings (`kind:id` or a container name) or one comma-separated string. */
export function toTargets(value: unknown): unknown {
  const list = typeof value === 'string' ? splitList(value) : value;
  if (!Array.isArray(list)) {
    return value;
  }
  const seen = new Set<string>();
  const out: unknown[] = [];
  for (const item of list as unknown[]) {
    const target: unknown =
      typeof item === 'string' ? (item.trim() ? parseTarget(item) : null) : item;
    if (target === null) {
      continue;
    }
    const key =
      typeof target === 'object' && target !== null
        ? JSON.stringify([(target as Target).kind, (target as Target).id])
        : null;
    if (key === null || !seen.has(key)) {
      if (key !== null) {
        seen.add(key);
      }
      out.push(target);
    }
  }
  return out;
}
