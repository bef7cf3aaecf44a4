import { Logger } from '@nestjs/common';
import type { EngineInfo, SourceState } from '@simscope/contracts';
import type { DockerPort } from '../adapters/docker/docker.port.js';
import type { ContainerDetails, DockerEvent } from '../adapters/docker/docker.types.js';
import { forEachLimit } from '../common/for-each-limit.js';
import type { DiscoverySettings } from '../config/settings.js';
import type { SchedulerService } from '../runtime/scheduler.service.js';
import { EngineConnection } from './engine-connection.js';
import { stateFromEvent } from './event-state.js';
import { InspectQueue } from './inspect-queue.js';
import type { Upsert } from './inventory.js';
import { InventoryWriter } from './inventory-writer.js';
import { fillLimits } from './limits-pass.js';
import { matchSimulation, type MatchRules } from './match.js';
import { planReconcile, TouchClock, visible } from './reconcile-plan.js';
import type { RowSource } from './row-source.js';
import { toSimulation, type BuildRules } from './to-simulation.js';

/** Events that say nothing about a container's lifecycle; healthchecks alone produce exec_* often. */
const IGNORED_ACTIONS =
  /^(exec_|attach|detach|resize|top|archive-path|extract-to-dir|copy|export|commit)/;
const INSPECT_CONCURRENCY = 8;

export interface WatcherOptions {
  /** The scheduler task's name (one per engine). */
  taskName?: string;
  /** A Swarm manager is watched too: leave task containers to it (they are its rows). */
  skipSwarmTasks?: boolean;
}

/** How often a live engine is asked a small question, to notice it hanging (with the call deadline). */
const PROBE_MS = 3000;

/**
 * Follows one Docker engine: its connection (events, backoff, diagnosis) lives in EngineConnection;
 * here, events become inspects of only the container they name (InspectQueue) — start/die/pause are
 * applied from the event itself first (stateFromEvent), the inspect refines — and a reconcile — one
 * list call at start, after each reconnect and on the configured interval — is planned by the pure
 * planReconcile. Several watchers share one inventory writer; each only ever adds, changes or
 * removes its own host's containers, so a failure on one engine never touches another's.
 */
export class EngineWatcher implements RowSource {
  private readonly logger: Logger;
  private readonly connection: EngineConnection;
  private readonly inspects: InspectQueue;
  private readonly touches = new TouchClock();
  private readonly match: MatchRules;
  private readonly build: BuildRules;
  private readonly inventory: InventoryWriter['inventory'];
  readonly sourceChanges$;
  private stopped = false;
  private filling = false;
  private hostCounts: { containers: number; running: number } | null = null;
  private lastEvent: number | null = null;
  private lastReconcileMs: number | null = null;
  /** Docker events received, for /metrics. */
  eventsReceived = 0;

  constructor(
    readonly host: string,
    readonly docker: DockerPort,
    private readonly settings: DiscoverySettings,
    private readonly writer: InventoryWriter = new InventoryWriter(),
    private readonly scheduler?: SchedulerService,
    private readonly options: WatcherOptions = {},
  ) {
    this.logger = new Logger(`EngineWatcher ${host}`);
    this.inventory = writer.inventory;
    this.match = {
      labelPrefix: settings.labelPrefix,
      namePattern: new RegExp(settings.namePattern),
      skipSwarmTasks: options.skipSwarmTasks,
    };
    this.build = {
      labelPrefix: settings.labelPrefix,
      network: settings.network,
      simRoutes: settings.simRoutes,
      exposeLabels: settings.exposeLabels,
      host,
    };
    this.connection = new EngineConnection(
      host,
      docker,
      { onEvent: (e) => this.onEvent(e), onConnected: () => this.reconcile() },
      settings.endpointConfigured,
    );
    this.sourceChanges$ = this.connection.changes$;
    this.inspects = new InspectQueue(
      (id) => this.docker.inspectContainer(id),
      (id, details, action) => {
        this.touches.touch(id);
        if (details) {
          this.applyDetails(details, action);
        } else {
          this.writer.write([], [id]);
        }
      },
      (id, err) =>
        this.logger.debug(`inspect ${id.slice(0, 12)} failed: ${(err as Error).message}`),
    );
  }

  start(): void {
    // Start-up never waits for Docker: the server serves `unavailable` until the engine answers.
    void this.connection.connect();
    // The periodic reconcile is a safety net (events keep the inventory current), so it is the
    // work the guard sheds first under critical pressure.
    this.scheduler?.register({
      name: this.options.taskName ?? 'docker.reconcile',
      intervalMs: this.settings.reconcileMs,
      expensive: true,
      run: async () => {
        if (this.connection.live) {
          await this.reconcile().catch((err: unknown) => this.connection.fail(err));
        }
      },
    });
    // A hung engine keeps its event stream open and answers _ping, so silence proves nothing: a
    // small call through the container store, on a deadline, does. Never shed (it is how we know).
    this.scheduler?.register({
      name: (this.options.taskName ?? 'docker.reconcile').replace('reconcile', 'probe'),
      intervalMs: PROBE_MS,
      fixed: true,
      run: async () => {
        if (this.connection.live) {
          await this.docker.probe().catch((err: unknown) => this.connection.fail(err));
        }
      },
    });
  }

  stop(): void {
    this.stopped = true;
    this.inspects.stop();
    this.connection.stop();
  }

  get source(): SourceState {
    return this.connection.source;
  }

  get engine(): EngineInfo | null {
    const info = this.connection.info;
    if (!info || !this.hostCounts) {
      return info;
    }
    return {
      ...info,
      containers: this.hostCounts.containers,
      containersRunning: this.hostCounts.running,
    };
  }

  get lastEventAt(): string | null {
    return this.lastEvent ? new Date(this.lastEvent).toISOString() : null;
  }

  get lastReconcileDurationMs(): number | null {
    return this.lastReconcileMs;
  }

  get endpoint(): string {
    return this.docker.endpoint;
  }

  /** Reconnects now if down, else reconciles now; resolves when done. The console's "retry now". */
  async refresh(): Promise<void> {
    if (!this.connection.live) {
      await this.connection.reconnect();
      return;
    }
    await this.reconcile().catch((err: unknown) => this.connection.fail(err));
  }

  /** Inspects one simulation on demand (the detail view) and stores what it learnt. */
  async inspectSimulation(id: string): Promise<ContainerDetails | null> {
    const details = await this.docker.inspectContainer(id);
    if (details) {
      this.applyDetails(details, 'observed');
    }
    return details;
  }

  private onEvent(e: DockerEvent): void {
    this.lastEvent = Date.now();
    this.eventsReceived++;
    if (e.type === 'network') {
      const id = e.attributes.container;
      if ((e.action === 'connect' || e.action === 'disconnect') && id) {
        this.inspects.schedule(id, `network_${e.action}`);
      }
      return;
    }
    if (e.type !== 'container' || !e.id || IGNORED_ACTIONS.test(e.action)) {
      return;
    }
    const at = e.timeMs || Date.now();
    if (e.action === 'destroy') {
      this.touches.touch(e.id);
      this.writer.write([], [e.id]);
      return;
    }
    if (e.action === 'oom') {
      this.inventory.recordOom(e.id, at);
    } else if (e.action === 'die') {
      this.inventory.recordExit(e.id, at);
    }
    const entry = this.inventory.get(e.id);
    const { name, ...labels } = e.attributes;
    if (!entry && !matchSimulation(name ?? '', labels, this.match)) {
      return;
    }
    // start/die/pause say the new state themselves: apply it now, let the inspect refine it.
    const provisional = entry?.details ? stateFromEvent(entry.details, e) : null;
    if (provisional) {
      this.touches.touch(e.id);
      this.applyDetails(provisional, e.action);
    }
    this.inspects.schedule(e.id, e.action);
  }

  private applyDetails(details: ContainerDetails, action: string): void {
    const by = matchSimulation(details.name, details.labels, this.match);
    if (!by || !visible(details.state.status, this.settings.includeStopped)) {
      this.writer.write([], [details.id]);
      return;
    }
    const now = Date.now();
    const history = this.inventory.history(details.id);
    const container = toSimulation({ details }, by, history, this.build, now);
    this.writer.write([{ container, details, action, at: now }]);
  }

  /** One list call; inspects only containers that are new or changed and that the list cannot describe. */
  async reconcile(): Promise<void> {
    const started = performance.now();
    const epoch = this.touches.begin();
    const list = await this.docker.listContainers();
    const now = Date.now();
    this.hostCounts = {
      containers: list.length,
      running: list.filter((c) => c.state === 'running').length,
    };
    const known = [...this.inventory.values()].map((e) => ({
      id: e.container.id,
      host: e.container.host,
      listSignature: e.listSignature,
    }));
    const plan = planReconcile(list, known, {
      host: this.host,
      match: this.match,
      includeStopped: this.settings.includeStopped,
    });
    const upserts: Upsert[] = plan.fromList.map(({ item, by, signature }) => ({
      container: toSimulation(
        { list: item, details: this.inventory.get(item.id)?.details },
        by,
        this.inventory.history(item.id),
        this.build,
        now,
      ),
      listSignature: signature,
      action: 'observed',
      at: now,
    }));
    await forEachLimit(plan.toInspect, INSPECT_CONCURRENCY, async ({ item, by, signature }) => {
      // Inspect fails for dead or removing containers: describe those from the list alone.
      const details = await this.docker.inspectContainer(item.id).catch(() => null);
      const history = this.inventory.history(item.id);
      const container = toSimulation({ list: item, details }, by, history, this.build, Date.now());
      upserts.push({ container, details, listSignature: signature, action: 'observed', at: now });
    });
    // Whatever an event touched while the list was out is newer than the list: leave it be.
    const fresh = (id: string): boolean => this.touches.untouchedSince(id, epoch);
    this.writer.write(
      upserts.filter((u) => fresh(u.container.id)),
      plan.gone.filter(fresh),
    );
    this.touches.clear();
    this.lastReconcileMs = performance.now() - started;
    this.connection.markLive();
    void this.fillLimits();
  }

  /** One background inspect per list-built container, for its limits (see limits-pass.ts). */
  private async fillLimits(): Promise<void> {
    if (this.filling) {
      return;
    }
    this.filling = true;
    try {
      await fillLimits({
        docker: this.docker,
        writer: this.writer,
        match: this.match,
        build: this.build,
        stopped: () => this.stopped,
      });
    } finally {
      this.filling = false;
    }
  }
}
