import type { SimEvent } from '@simscope/contracts';

/** The keys that name an event's type, in the order they are tried (SIMSCOPE_EVENTS_TYPE_KEYS). */
export const DEFAULT_TYPE_KEYS: readonly string[] = ['event_type', 'type', 'event'];
const MAX_TYPE = 128;
const MAX_TEXT = 2000;
const MAX_METRICS = 32;

/**
 * One output line read as a simulation event, or null when it is not one: a JSON object with a
 * string type under one of `typeKeys`. `at` is when the engine received the line (RFC 3339); the
 * event's own `timestamp` is kept as printed, since a simulation may print simulated time. Pure.
 */
export function parseSimEvent(
  text: string,
  at: string,
  seq: number,
  typeKeys: readonly string[] = DEFAULT_TYPE_KEYS,
): SimEvent | null {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{') || !trimmed.endsWith('}')) {
    return null;
  }
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    return null;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    return null;
  }
  const o = value as Record<string, unknown>;
  const type = typeKeys.map((k) => o[k]).find((v) => typeof v === 'string' && v.trim() !== '');
  if (typeof type !== 'string') {
    return null;
  }
  const tick = count(o.tick);
  const totalTicks = count(o.total_ticks);
  return {
    seq,
    at,
    type: type.trim().slice(0, MAX_TYPE),
    timestamp: text0(o.timestamp, 64),
    tick,
    totalTicks,
    progress: progressOf(o.progress, tick, totalTicks),
    level: text0(o.level, 32)?.toLowerCase() ?? null,
    message: text0(o.message, MAX_TEXT),
    agentId:
      text0(o.agent_id, MAX_TYPE) ?? (typeof o.agent_id === 'number' ? String(o.agent_id) : null),
    metrics: metricsOf(o.metrics),
  };
}

function count(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : null;
}

function text0(v: unknown, max: number): string | null {
  return typeof v === 'string' && v !== '' ? v.slice(0, max) : null;
}

function progressOf(v: unknown, tick: number | null, total: number | null): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) {
    return Math.min(1, Math.max(0, v));
  }
  if (tick !== null && total !== null && total > 0) {
    return Math.min(1, tick / total);
  }
  return null;
}

/** Numeric entries of a flat object (at most 32); null when there are none. */
function metricsOf(v: unknown): Record<string, number> | null {
  if (!v || typeof v !== 'object' || Array.isArray(v)) {
    return null;
  }
  const out: Record<string, number> = {};
  let n = 0;
  for (const [k, x] of Object.entries(v)) {
    if (typeof x === 'number' && Number.isFinite(x) && n < MAX_METRICS) {
      out[k.slice(0, MAX_TYPE)] = x;
      n++;
    }
  }
  return n > 0 ? out : null;
}

/** Whether an event counts as an error: type `error`, or level error/fatal/critical. */
export function isErrorEvent(e: Pick<SimEvent, 'type' | 'level'>): boolean {
  return (
    e.type.toLowerCase() === 'error' ||
    e.level === 'error' ||
    e.level === 'fatal' ||
    e.level === 'critical'
  );
}
