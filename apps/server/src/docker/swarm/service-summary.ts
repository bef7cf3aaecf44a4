import type { SimulationContainer, SwarmServiceSummary } from '@simscope/contracts';
import { naturalCompare } from '@simscope/contracts';
import { CRASHLOOP_MIN_EXITS } from '../classify.js';

type TaskRow = Partial<Pick<SimulationContainer, 'swarm'>> & Pick<SimulationContainer, 'phase'>;

/**
 * A cluster card's service lines from its task rows: desired vs running, the update state, and what
 * is wrong in words — a service-level crash loop first, else a task the scheduler cannot place.
 */
export function serviceSummaries(rows: Iterable<TaskRow>): SwarmServiceSummary[] {
  const byId = new Map<string, SwarmServiceSummary>();
  for (const row of rows) {
    const t = row.swarm;
    if (!t) {
      continue;
    }
    const key = `${t.endpoint}/${t.serviceId}`;
    let s = byId.get(key);
    if (!s) {
      const crashLoop = t.serviceState.recentFailures >= CRASHLOOP_MIN_EXITS;
      s = {
        id: t.serviceId,
        name: t.service,
        endpoint: t.endpoint,
        mode: t.serviceState.mode,
        desired: t.serviceState.desired,
        running: 0,
        updateState: t.serviceState.updateState,
        updateMessage: t.serviceState.updateMessage,
        reason: crashLoop ? `${t.serviceState.recentFailures} tasks failed in 10 min` : null,
        crashLoop,
      };
      byId.set(key, s);
    }
    if (t.state === 'running' && t.desiredState === 'running' && row.phase !== 'orphaned') {
      s.running++;
    }
    if (!s.reason && t.state === 'pending' && t.error) {
      s.reason = t.error;
    }
  }
  return [...byId.values()].sort((a, b) => naturalCompare(a.name, b.name));
}
