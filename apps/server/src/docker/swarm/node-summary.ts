import type { HostSummary, SourceState } from '@simscope/contracts';
import type { SwarmNode } from '../../adapters/docker/docker.types.js';

/** What a node's `hosts` entry needs of the manager that reported it. */
export interface NodeContext {
  /** The swarm endpoint's configured name and address. */
  manager: string;
  endpoint: string;
  source: SourceState;
  counts: ReadonlyMap<string, { total: number; running: number }>;
  lastEventAgeMs: number | null;
  lastReconcileMs: number | null;
  now: string;
}

/**
 * A node as a `hosts` entry under the name its task rows carry. A node that is not ready is stale
 * with a diagnosis while the manager itself is live: its tasks stay listed (orphaned), not dropped.
 */
export function nodeSummary(n: SwarmNode, name: string, ctx: NodeContext): HostSummary {
  const down = n.state !== 'ready';
  const { source } = ctx;
  return {
    name,
    endpoint: n.address ? `swarm node ${n.address} via ${ctx.endpoint}` : ctx.endpoint,
    status: down && source.status === 'live' ? 'stale' : source.status,
    lastSuccessAt: source.lastSuccessAt,
    ...(down
      ? {
          diagnosis: {
            code: 'daemon-unreachable' as const,
            remediation: `The manager reports node ${name} ${n.state}: its tasks show as orphaned until it is back. Check that node's engine and its link to the manager.`,
            error: n.message ?? `node ${n.state}`,
            endpoint: n.address ?? ctx.endpoint,
            dockerHostSet: false,
            at: ctx.now,
            host: name,
          },
        }
      : source.diagnosis
        ? { diagnosis: source.diagnosis }
        : {}),
    engine: null,
    counts: ctx.counts.get(name) ?? { total: 0, running: 0 },
    lastEventAgeMs: ctx.lastEventAgeMs,
    lastReconcileMs: ctx.lastReconcileMs,
    node: {
      endpoint: ctx.manager,
      id: n.id,
      hostname: n.hostname,
      role: n.role,
      availability: n.availability,
      state: n.state,
      engineVersion: n.engineVersion,
      leader: n.leader,
      address: n.address,
      message: n.message,
    },
  };
}
