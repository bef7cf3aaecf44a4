import type { Phase, SimulationContainer, SwarmServiceState } from '@simscope/contracts';
import type { SwarmNode, SwarmService, SwarmTask } from '../../adapters/docker/docker.types.js';
import { CRASHLOOP_MIN_EXITS, CRASHLOOP_WINDOW_MS } from '../classify.js';
import { matchSimulation, visibleLabels, type MatchRules } from '../match.js';

/** What the manager said on one reconcile: every node, service and task of the swarm. */
export interface SwarmView {
  nodes: SwarmNode[];
  services: SwarmService[];
  tasks: SwarmTask[];
}

export interface TaskRowRules {
  /** The swarm endpoint's name. */
  endpoint: string;
  match: MatchRules;
  labelPrefix: string;
  exposeLabels: readonly string[];
  includeStopped: boolean;
  /** The configured endpoint that serves a node's container stats, or null. */
  statsVia(node: { id: string; host: string }): string | null;
  /** Tasks whose container the OOM killer ended (an `oom` event or the node engine's inspect). */
  oomKilled: ReadonlySet<string>;
  now: number;
}

/** States a task never leaves; such a task is history, shown only with stopped containers. */
export const TERMINAL_TASK_STATES = new Set([
  'complete',
  'failed',
  'shutdown',
  'rejected',
  'remove',
  'orphaned',
]);
const STARTING = new Set([
  'new',
  'pending',
  'assigned',
  'accepted',
  'preparing',
  'ready',
  'starting',
]);
const FAILED = new Set(['failed', 'rejected']);
export const STACK_LABEL = 'com.docker.stack.namespace';

/** The name each node's tasks carry as `host`: its hostname, its id when another node has the same. */
export function nodeHosts(nodes: readonly SwarmNode[]): Map<string, string> {
  const seen = new Map<string, number>();
  nodes.forEach((n) => seen.set(n.hostname, (seen.get(n.hostname) ?? 0) + 1));
  return new Map(
    nodes.map((n) => [n.id, n.hostname && seen.get(n.hostname) === 1 ? n.hostname : n.id]),
  );
}

/** cluster/experiment label, else the stack (`docker stack deploy`), else the service's name. */
export function taskCluster(
  labels: Record<string, string>,
  prefix: string,
  service: string,
): string {
  const pick = (key: string) => labels[key]?.trim() || undefined;
  return pick(`${prefix}.cluster`) ?? pick(`${prefix}.experiment`) ?? pick(STACK_LABEL) ?? service;
}

/** Failed or rejected tasks per service within the crash-loop window. */
export function recentFailures(tasks: readonly SwarmTask[], now: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of tasks) {
    const at = Date.parse(t.statusAt);
    if (FAILED.has(t.state) && now - at <= CRASHLOOP_WINDOW_MS) {
      counts.set(t.serviceId, (counts.get(t.serviceId) ?? 0) + 1);
    }
  }
  return counts;
}

const mib = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MiB`;

interface PhaseInput {
  task: SwarmTask;
  service: SwarmService;
  node: SwarmNode | undefined;
  host: string;
  failures: number;
  oomKilled: boolean;
}

/** A task's phase and why, from its state, its error, its exit and its node's state. */
export function taskPhase({ task, service, node, host, failures, oomKilled }: PhaseInput): {
  phase: Phase;
  reasons: string[];
} {
  const loop = failures >= CRASHLOOP_MIN_EXITS;
  const loopReason = `${failures} tasks of ${service.name} failed in 10 min`;
  const nodeDown = node !== undefined && node.state !== 'ready';
  if (task.state === 'orphaned' || (nodeDown && !TERMINAL_TASK_STATES.has(task.state))) {
    const why = node
      ? `node ${host} is ${node.state}${node.message ? ` (${node.message})` : ''}`
      : `its node is gone`;
    return {
      phase: 'orphaned',
      reasons: [
        `${why}: the manager last saw this task ${task.state} at ${task.statusAt}; it may still run there`,
      ],
    };
  }
  if (task.state === 'running') {
    return loop ? { phase: 'crashloop', reasons: [loopReason] } : { phase: 'running', reasons: [] };
  }
  if (STARTING.has(task.state)) {
    const reasons = [...(task.err ? [task.err] : []), ...(loop ? [loopReason] : [])];
    return { phase: loop ? 'crashloop' : 'starting', reasons };
  }
  if (task.state === 'complete') {
    return { phase: 'exited', reasons: [] };
  }
  if (task.state === 'failed') {
    if (oomKilled) {
      const limit = service.memoryLimitBytes
        ? ` at its ${mib(service.memoryLimitBytes)} limit`
        : '';
      return { phase: 'oom-killed', reasons: [`OOM-killed${limit}`, task.err ?? 'failed'] };
    }
    const reasons = [task.err ?? `failed: ${task.message}`];
    if (task.exitCode === 137 && service.memoryLimitBytes) {
      reasons.push(
        `killed (SIGKILL) with a ${mib(service.memoryLimitBytes)} memory limit: OOM is likely, but only this node's engine can tell`,
      );
    }
    return { phase: 'failed', reasons };
  }
  if (task.state === 'rejected') {
    return { phase: 'failed', reasons: [`rejected: ${task.err ?? task.message}`] };
  }
  return {
    phase: 'exited',
    reasons: [`${task.state} by the orchestrator (desired ${task.desiredState})`],
  };
}

/** Every task of an opted-in service as a row (terminal ones only when stopped rows are shown). */
export function taskRows(view: SwarmView, rules: TaskRowRules): SimulationContainer[] {
  const hosts = nodeHosts(view.nodes);
  const nodes = new Map(view.nodes.map((n) => [n.id, n]));
  const services = new Map(view.services.map((s) => [s.id, s]));
  const failures = recentFailures(view.tasks, rules.now);
  const wanted = new Map<string, number>();
  view.tasks
    .filter((t) => t.desiredState === 'running')
    .forEach((t) => wanted.set(t.serviceId, (wanted.get(t.serviceId) ?? 0) + 1));
  const rows: SimulationContainer[] = [];
  for (const task of view.tasks) {
    const service = services.get(task.serviceId);
    if (!service) {
      continue;
    }
    const labels = { ...service.labels, ...service.containerLabels };
    const display = `${service.name}.${task.slot ?? task.nodeId ?? task.id}`;
    const by = matchSimulation(display, labels, rules.match);
    const node = task.nodeId ? nodes.get(task.nodeId) : undefined;
    const host = task.nodeId ? (hosts.get(task.nodeId) ?? task.nodeId) : 'unassigned';
    const { phase, reasons } = taskPhase({
      task,
      service,
      node,
      host,
      failures: failures.get(service.id) ?? 0,
      oomKilled: rules.oomKilled.has(task.id),
    });
    if (
      !by ||
      (!rules.includeStopped && TERMINAL_TASK_STATES.has(task.state) && phase !== 'orphaned')
    ) {
      continue;
    }
    const serviceState: SwarmServiceState = {
      mode: service.mode,
      desired: service.replicas ?? wanted.get(service.id) ?? 0,
      updateState: service.updateStatus?.state ?? null,
      updateMessage: service.updateStatus?.message ?? null,
      recentFailures: failures.get(service.id) ?? 0,
      restartPolicy: service.restartPolicy,
      memoryLimitBytes: service.memoryLimitBytes,
    };
    const statsVia = task.nodeId ? rules.statsVia({ id: task.nodeId, host }) : null;
    const running = task.state === 'running' && phase !== 'orphaned';
    rows.push({
      id: task.id,
      host,
      shortId: task.id.slice(0, 12),
      name: `${display}.${task.id}`,
      displayName: display,
      image: service.image,
      state: phase === 'orphaned' ? 'orphaned' : task.state,
      status: `${task.state}${task.desiredState !== task.state && !TERMINAL_TASK_STATES.has(task.state) ? `, desired ${task.desiredState}` : ''} · ${task.message}`,
      phase,
      reasons,
      discoveredBy: by,
      experiment: labels[`${rules.labelPrefix}.experiment`]?.trim() || null,
      role: labels[`${rules.labelPrefix}.role`]?.trim() || null,
      cluster: taskCluster(labels, rules.labelPrefix, service.name),
      composeProject: null,
      composeService: null,
      health: 'none',
      restartCount: 0,
      oomKilled: phase === 'oom-killed',
      exitCode: task.exitCode,
      networks: [],
      onSharedNetwork: false,
      ports: [],
      route: { path: null, reason: 'Swarm tasks are reached through their service, not /sim/' },
      limits: null,
      limitsPolicy: null,
      createdAt: task.createdAt || null,
      startedAt: running ? task.statusAt : null,
      finishedAt: TERMINAL_TASK_STATES.has(task.state) ? task.statusAt : null,
      labels: visibleLabels(labels, rules.labelPrefix, [...rules.exposeLabels, STACK_LABEL]),
      swarm: {
        endpoint: rules.endpoint,
        taskId: task.id,
        serviceId: service.id,
        service: service.name,
        slot: task.slot,
        nodeId: task.nodeId,
        state: task.state,
        desiredState: task.desiredState,
        error: task.err,
        containerId: task.containerId,
        statsVia,
        statsNote: statsVia ? null : `stats need this node's engine endpoint (one named ${host})`,
        serviceState,
      },
    });
  }
  return rows;
}
