import { createHash } from 'node:crypto';
import {
  STACK_SCHEMA,
  type Phase,
  type SimulationContainer,
  type StackDetail,
  type StackEdge,
  type StackImpact,
  type StackService,
  type StackServiceState,
  type StackSummary,
} from '@simscope/contracts';
import { findCycles, type StackGraph } from './stack-graph.js';

const UP = new Set<Phase>(['running', 'degraded']);
const FAILING: Phase[] = ['crashloop', 'oom-killed', 'failed'];

/** How a service that is not up is described to those that depend on it. */
const WHY: Partial<Record<Phase, string>> = {
  crashloop: 'crash-looping',
  'oom-killed': 'OOM-killed',
  failed: 'failed',
  starting: 'starting',
  exited: 'stopped',
  paused: 'paused',
  created: 'not started',
};

interface Own {
  replicas: number;
  running: number;
  state: StackServiceState;
  /** Why it is not fully up, in a few words ("crash-looping", "1 of 2 running"); null when it is. */
  why: string | null;
}

/** A service's own state from its containers' phases. Pure. */
export function ownState(containers: SimulationContainer[]): Own {
  const replicas = containers.length;
  const running = containers.filter((c) => UP.has(c.phase)).length;
  if (replicas === 0) {
    return { replicas, running, state: 'missing', why: 'no container' };
  }
  if (running === replicas) {
    return { replicas, running, state: 'running', why: null };
  }
  if (running > 0) {
    return { replicas, running, state: 'partial', why: `${running} of ${replicas} running` };
  }
  const failing = FAILING.find((p) => containers.some((c) => c.phase === p));
  if (failing) {
    return { replicas, running, state: 'failing', why: WHY[failing] ?? failing };
  }
  if (containers.some((c) => c.phase === 'starting')) {
    return { replicas, running, state: 'starting', why: 'starting' };
  }
  const phase = containers[0]?.phase ?? 'exited';
  return { replicas, running, state: 'down', why: WHY[phase] ?? phase };
}

const UNAVAILABLE = new Set<StackServiceState>(['failing', 'down', 'missing', 'starting']);

interface Impact {
  impact: StackImpact;
  reasons: string[];
  /** The dependencies that cause it. */
  active: Set<string>;
}

const noImpact = (): Impact => ({ impact: 'ok', reasons: [], active: new Set() });

/**
 * Impact, to a fixed point: a service whose hard dependency is not available (down, failing,
 * starting, missing — or itself blocked) is `blocked`; a soft one makes it `degraded`. Monotone, so
 * it settles within one pass per service even around cycles. Pure.
 */
export function impacts(
  own: Map<string, Own>,
  edges: Omit<StackEdge, 'active'>[],
): Map<string, Impact> {
  const result = new Map<string, Impact>([...own.keys()].map((s) => [s, noImpact()]));
  for (let pass = 0; pass <= own.size; pass++) {
    let changed = false;
    for (const [service, current] of result) {
      const next = noImpact();
      for (const e of edges.filter((x) => x.from === service)) {
        const dep = own.get(e.to);
        const depImpact = result.get(e.to)?.impact;
        const down = dep !== undefined && UNAVAILABLE.has(dep.state);
        if (!down && depImpact !== 'blocked') {
          continue;
        }
        const why = down ? dep.why : 'blocked';
        next.active.add(e.to);
        if (e.kind === 'hard') {
          next.impact = 'blocked';
          next.reasons.push(`waits for ${e.to}: ${why}`);
        } else {
          next.impact = next.impact === 'blocked' ? 'blocked' : 'degraded';
          next.reasons.push(`runs without ${e.to}: ${why}`);
        }
      }
      if (
        next.impact !== current.impact ||
        next.reasons.join('\n') !== current.reasons.join('\n')
      ) {
        result.set(service, next);
        changed = true;
      }
    }
    if (!changed) {
      break;
    }
  }
  return result;
}

/** A stack's services with state and impact, its edges and cycles. Pure. */
export function stackDetail(graph: StackGraph): StackDetail {
  const containers = new Map(graph.services);
  for (const e of graph.edges) {
    if (!containers.has(e.to)) {
      containers.set(e.to, []); // declared by another service, no container of its own
    }
  }
  const own = new Map([...containers].map(([name, rows]) => [name, ownState(rows)]));
  const impact = impacts(own, graph.edges);
  const services: StackService[] = [...own]
    .map(([name, o]) => {
      const i = impact.get(name);
      return {
        name,
        replicas: o.replicas,
        running: o.running,
        state: o.state,
        impact: i?.impact ?? 'ok',
        reasons: [...(o.why ? [o.why] : []), ...(i?.reasons ?? [])],
        containers: (containers.get(name) ?? []).map((c) => c.id),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
  const edges: StackEdge[] = graph.edges.map((e) => ({
    ...e,
    active: impact.get(e.from)?.active.has(e.to) ?? false,
  }));
  const cycles = findCycles([...own.keys()], graph.edges);
  const fingerprint = createHash('sha1')
    .update(JSON.stringify([graph.source, services, edges, cycles]))
    .digest('hex')
    .slice(0, 16);
  return {
    schema: STACK_SCHEMA,
    name: graph.name,
    source: graph.source,
    services,
    edges,
    cycles,
    fingerprint,
  };
}

export function stackSummary(d: StackDetail): StackSummary {
  const states: Record<StackServiceState, number> = {
    running: 0,
    partial: 0,
    starting: 0,
    failing: 0,
    down: 0,
    missing: 0,
  };
  for (const s of d.services) {
    states[s.state]++;
  }
  return {
    name: d.name,
    source: d.source,
    services: d.services.length,
    states,
    blocked: d.services.filter((s) => s.impact === 'blocked').length,
    degraded: d.services.filter((s) => s.impact === 'degraded').length,
    cycles: d.cycles.length,
    fingerprint: d.fingerprint,
  };
}
