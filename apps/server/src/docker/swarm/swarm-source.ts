import { Logger } from '@nestjs/common';
import type { EngineInfo, HostSummary, SourceState } from '@simscope/contracts';
import { map, merge, Subject, type Observable } from 'rxjs';
import type { DockerPort } from '../../adapters/docker/docker.port.js';
import type { DockerEvent } from '../../adapters/docker/docker.types.js';
import type { DiscoverySettings } from '../../config/settings.js';
import type { SchedulerService } from '../../runtime/scheduler.service.js';
import { EngineConnection } from '../engine-connection.js';
import type { InventoryWriter } from '../inventory-writer.js';
import { SWARM_TASK_LABEL } from '../match.js';
import { sourceHost, type RowSource } from '../row-source.js';
import { nodeSummary, type NodeContext } from './node-summary.js';
import { nodeHosts, taskRows, type SwarmView } from './task-rows.js';
import { TaskPort, type TaskTarget } from './task-port.js';

/** Tasks have no events of their own: the manager's task list is read this often (and on any event). */
export const TASK_RECONCILE_MS = 2000;
/** Events come in bursts (a service update moves every task): one read after the burst. */
const EVENT_SETTLE_MS = 150;

/**
 * A Swarm manager as a row source: its nodes, services and tasks, read through the manager's
 * read-only API. Every opted-in task is a row on its node (`host`); a task reconcile runs every
 * {@link TASK_RECONCILE_MS} and soon after each service, node or task-container event. The
 * connection (events, backoff, diagnosis) is an engine's. Stats reach a task through its node's own
 * engine: the manager's for the manager's node, else a configured endpoint named like the node.
 */
export class SwarmSource implements RowSource {
  private readonly logger: Logger;
  private readonly connection: EngineConnection;
  private readonly nodesChanged = new Subject<void>();
  readonly sourceChanges$: Observable<SourceState>;
  readonly taskPort: TaskPort;
  private view: SwarmView = { nodes: [], services: [], tasks: [] };
  private tasksById = new Map<string, SwarmView['tasks'][number]>();
  private hostOf = new Map<string, string>();
  private owned = new Set<string>();
  private readonly oomKilled = new Set<string>();
  private readonly oomChecked = new Set<string>();
  private nodesPrint = '';
  private settleTimer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private lastEvent: number | null = null;
  private lastReconcileMs: number | null = null;
  eventsReceived = 0;

  constructor(
    readonly host: string,
    readonly docker: DockerPort,
    private readonly settings: DiscoverySettings,
    private readonly writer: InventoryWriter,
    /** Configured engines by name: a node's own engine, when one is named like it. */
    private readonly engines: ReadonlyMap<string, DockerPort>,
    private readonly scheduler?: SchedulerService,
  ) {
    this.logger = new Logger(`SwarmSource ${host}`);
    this.connection = new EngineConnection(
      host,
      docker,
      { onEvent: (e) => this.onEvent(e), onConnected: () => this.reconcile() },
      true,
      `SwarmSource ${host}`,
    );
    this.sourceChanges$ = merge(this.connection.changes$, this.nodesChanged).pipe(
      map(() => this.connection.source),
    );
    this.taskPort = new TaskPort(docker, (id) => this.target(id));
  }

  start(): void {
    void this.connection.connect();
    this.scheduler?.register({
      name: `swarm.reconcile:${this.host}`,
      intervalMs: TASK_RECONCILE_MS,
      run: async () => {
        if (this.connection.live) {
          await this.reconcile().catch((err: unknown) => this.connection.fail(err));
        }
      },
    });
  }

  stop(): void {
    if (this.settleTimer) {
      clearTimeout(this.settleTimer);
    }
    this.connection.stop();
    this.nodesChanged.complete();
  }

  get source(): SourceState {
    return this.connection.source;
  }

  get engine(): EngineInfo | null {
    return this.connection.info;
  }

  get endpoint(): string {
    return this.docker.endpoint;
  }

  get lastEventAt(): string | null {
    return this.lastEvent ? new Date(this.lastEvent).toISOString() : null;
  }

  get lastReconcileDurationMs(): number | null {
    return this.lastReconcileMs;
  }

  /** Whether a row is one of this manager's tasks. */
  owns(id: string): boolean {
    return this.owned.has(id);
  }

  async refresh(): Promise<void> {
    if (!this.connection.live) {
      await this.connection.reconnect();
      return;
    }
    await this.reconcile().catch((err: unknown) => this.connection.fail(err));
  }

  /** One read of nodes, services and tasks; concurrent callers share it. */
  reconcile(): Promise<void> {
    this.running ??= this.read().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** One `hosts` entry per node, with its state, availability, role and engine version. */
  hostSummaries(counts: ReadonlyMap<string, { total: number; running: number }>): HostSummary[] {
    if (this.view.nodes.length === 0) {
      // Never read (or a swarm of none): the endpoint itself, so its diagnosis is not lost.
      return [sourceHost(this, counts)];
    }
    const context: NodeContext = {
      manager: this.host,
      endpoint: this.endpoint,
      source: this.connection.source,
      counts,
      lastEventAgeMs: this.lastEvent ? Date.now() - this.lastEvent : null,
      lastReconcileMs: this.lastReconcileMs,
      now: new Date().toISOString(),
    };
    return this.view.nodes.map((n) => nodeSummary(n, this.hostOf.get(n.id) ?? n.id, context));
  }

  private onEvent(e: DockerEvent): void {
    const task = e.type === 'container' ? e.attributes[SWARM_TASK_LABEL] : undefined;
    if (e.type !== 'service' && e.type !== 'node' && !task) {
      return;
    }
    this.lastEvent = Date.now();
    this.eventsReceived++;
    if (task && e.action === 'oom') {
      this.oomKilled.add(task);
    }
    this.settleTimer ??= setTimeout(() => {
      this.settleTimer = null;
      if (this.connection.live) {
        void this.reconcile().catch((err: unknown) => this.connection.fail(err));
      }
    }, EVENT_SETTLE_MS);
  }

  private async read(): Promise<void> {
    const started = performance.now();
    const [nodes, services, tasks] = await Promise.all([
      this.docker.listNodes(),
      this.docker.listServices(),
      this.docker.listTasks(),
    ]).catch((err: Error) => {
      throw /not a swarm manager|not part of a swarm/i.test(err.message)
        ? new Error(
            `${this.endpoint} is not a Swarm manager (mode=swarm needs one): ${err.message}`,
          )
        : err;
    });
    this.view = { nodes, services, tasks };
    this.tasksById = new Map(tasks.map((t) => [t.id, t]));
    this.hostOf = nodeHosts(nodes);
    await this.checkOom();
    const rows = taskRows(this.view, {
      endpoint: this.host,
      match: {
        labelPrefix: this.settings.labelPrefix,
        namePattern: new RegExp(this.settings.namePattern),
      },
      labelPrefix: this.settings.labelPrefix,
      exposeLabels: this.settings.exposeLabels,
      includeStopped: this.settings.includeStopped,
      statsVia: (node) => this.statsVia(node.id, node.host),
      oomKilled: this.oomKilled,
      now: Date.now(),
    });
    const ids = new Set(rows.map((r) => r.id));
    const now = Date.now();
    this.writer.write(
      rows.map((container) => ({
        container,
        action: `task_${container.swarm?.state ?? 'observed'}`,
        at: now,
      })),
      [...this.owned].filter((id) => !ids.has(id)),
    );
    this.owned = ids;
    this.lastReconcileMs = performance.now() - started;
    this.connection.markLive();
    const print = JSON.stringify(nodes);
    if (print !== this.nodesPrint) {
      this.nodesPrint = print;
      this.nodesChanged.next();
    }
  }

  /** The configured endpoint that reads a node's containers: the manager for its own node. */
  private statsVia(nodeId: string, host: string): string | null {
    if (this.engines.has(host)) {
      return host;
    }
    if (this.engines.has(nodeId)) {
      return nodeId;
    }
    return nodeId === this.connection.info?.swarmNodeId ? this.host : null;
  }

  private portOf(name: string | null): DockerPort | null {
    if (!name) {
      return null;
    }
    return name === this.host ? this.docker : (this.engines.get(name) ?? null);
  }

  /** Exit 137 on a node whose engine simscope reads: ask that engine whether the OOM killer did it. */
  private async checkOom(): Promise<void> {
    for (const seen of [this.oomChecked, this.oomKilled]) {
      [...seen].filter((id) => !this.tasksById.has(id)).forEach((id) => seen.delete(id));
    }
    for (const t of this.view.tasks) {
      if (
        t.state !== 'failed' ||
        t.exitCode !== 137 ||
        !t.containerId ||
        this.oomChecked.has(t.id)
      ) {
        continue;
      }
      this.oomChecked.add(t.id);
      const port = t.nodeId
        ? this.portOf(this.statsVia(t.nodeId, this.hostOf.get(t.nodeId) ?? t.nodeId))
        : null;
      const details = await port?.inspectContainer(t.containerId).catch(() => null);
      if (details?.state.oomKilled) {
        this.oomKilled.add(t.id);
      }
    }
  }

  private target(taskId: string): TaskTarget | null {
    const task = this.tasksById.get(taskId);
    if (!task) {
      return null;
    }
    const host = task.nodeId ? (this.hostOf.get(task.nodeId) ?? task.nodeId) : 'unassigned';
    const via = task.nodeId ? this.statsVia(task.nodeId, host) : null;
    return {
      serviceId: task.serviceId,
      containerId: task.containerId,
      nodePort: this.portOf(via),
      statsNote: via ? null : `stats need this node's engine endpoint (one named ${host})`,
      redact: task.redact,
    };
  }
}
