import type { RuntimeHealthPayload } from '@simscope/contracts';

/**
 * One line for the banner when the guard is not `normal`: why, and what simscope does about it
 * ("host CPU at 97 % ≥ 92 % — simscope is backing off: background work runs 4× less often"). Pure.
 */
export function backingOff(
  h: Pick<RuntimeHealthPayload, 'mode' | 'reasons' | 'tasks'>,
): string | null {
  if (h.mode === 'normal') {
    return null;
  }
  const factor = Math.max(
    1,
    ...h.tasks.map((t) => (t.baseIntervalMs > 0 ? t.effectiveIntervalMs / t.baseIntervalMs : 1)),
  );
  const why = h.reasons.length ? h.reasons.join('; ') : `guard ${h.mode}`;
  const what =
    factor > 1
      ? `background work runs ${Number(factor.toFixed(1))}× less often` +
        (h.mode === 'critical' ? ', expensive work may be skipped' : '')
      : 'live updates keep flowing';
  return `${why} — simscope is backing off: ${what}`;
}
