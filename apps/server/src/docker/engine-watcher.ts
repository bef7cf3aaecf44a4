import { Logger } from '@nestjs/common';
import type { DockerDiagnosis, EngineInfo, SourceState } from '@simscope/contracts';
import { Subject } from 'rxjs';
import { DockerPort } from '../adapters/docker/docker.port.js';
import type {
  ContainerDetails,
  ContainerListItem,
  DockerEvent,
  EventSubscription,
} from '../adapters/docker/docker.types.js';
import { forEachLimit } from '../common/for-each-limit.js';
import { AppConfig } from '../config/app-config.js';
import { SchedulerService } from '../runtime/scheduler.service.js';
import { diagnose } from './diagnose.js';
import { InventoryWriter } from './inventory-writer.js';
import { fillLimits } from './limits-pass.js';
import type { Upsert } from './inventory.js';
import { matchSimulation, type MatchRules } from './match.js';
import { listSignature, needsInspect } from './list-signature.js';
import { toSimulation, type BuildRules, type Observation } from './to-simulation.js';

/** Events that say nothing about a container's lifecycle; healthchecks alone produce exec_* often. */
const IGNORED_ACTIONS =
  /^(exec_|attach|detach|resize|top|archive-path|extract-to-dir|copy|export|commit)/;
const STOPPED = new Set(['exited', 'dead', 'created', 'removing']);
const INSPECT_CONCURRENCY = 8;
const BACKOFF_MIN_MS = 250;
const BACKOFF_MAX_MS = 10_000;

export interface WatcherOptions {
  /** The scheduler task's name (one per engine). */
  taskName?: string;
}

/**
 * Follows one Docker engine: subscribes to its events, inspects only the container an event names,
 * reconciles with one list call at start, after each reconnect and every SIMSCOPE_RECONCILE_MS, and
 * keeps serving the last inventory (stale) when the engine goes away. Several watchers (one per
 * engine) may share one inventory writer; each only ever adds, changes or removes its own host's
 * containers, so a failure on one engine never touches another's.
 */
export class EngineWatcher {
  private readonly logger: Logger;
  readonly inventory: InventoryWriter['inventory'];
  /** Every applied change (of every engine sharing the writer), in sequence order. */
  readonly changes$: InventoryWriter['changes$'];
  private readonly sourceSubject = new Subject<SourceState>();
  /** The source's state each time its status or diagnosis changes (not on every success). */
  readonly sourceChanges$ = this.sourceSubject.asObservable();

  private readonly match: MatchRules;
  private readonly build: BuildRules;
  private subscription: EventSubscription | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private backoff = BACKOFF_MIN_MS;
  private stopped = false;
  private connecting: Promise<void> | null = null;
  private filling = false;
  private readonly inflight = new Map<string, { again: boolean; action: string }>();
  /** A counter stamped on every id an event touched, so a reconcile never undoes a newer event. */
  private clock = 0;
  private readonly touched = new Map<string, number>();

  private sourceState: SourceState = { status: 'unavailable', lastSuccessAt: null };
  private engineInfo: EngineInfo | null = null;
  private hostCounts: { containers: number; running: number } | null = null;
  private lastEvent: number | null = null;
  private lastReconcileMs: number | null = null;

  /** Docker events received, for /metrics. */
  eventsReceived = 0;

  constructor(
    readonly host: string,
    readonly docker: DockerPort,
    private readonly config: AppConfig,
    private readonly writer: InventoryWriter = new InventoryWriter(),
    private readonly scheduler?: SchedulerService,
    private readonly options: WatcherOptions = {},
  ) {
    this.logger = new Logger(`EngineWatcher ${host}`);
    this.inventory = writer.inventory;
    this.changes$ = writer.changes$;
    this.match = {
      labelPrefix: config.SIMSCOPE_LABEL_PREFIX,
      namePattern: new RegExp(config.SIMSCOPE_NAME_PATTERN),
    };
    this.build = {
      labelPrefix: config.SIMSCOPE_LABEL_PREFIX,
      network: config.SIMSCOPE_NETWORK,
      exposeLabels: config.SIMSCOPE_EXPOSE_LABELS,
      host,
    };
  }

  onModuleInit(): void {
    // Start-up never waits for Docker: the server serves `unavailable` until the engine answers.
    void this.connect();
    // The periodic reconcile is a safety net (events keep the inventory current), so it is the
    // work the guard sheds first under critical pressure.
    this.scheduler?.register({
      name: this.options.taskName ?? 'docker.reconcile',
      intervalMs: this.config.SIMSCOPE_RECONCILE_MS,
      expensive: true,
      run: async () => {
        if (this.sourceState.status === 'live') {
          await this.reconcile().catch((err: unknown) => this.onFailure(err));
        }
      },
    });
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    this.subscription?.close();
    if (this.retryTimer) {
      clearTimeout(this.retryTimer);
    }
    this.sourceSubject.complete();
  }

  get source(): SourceState {
    return this.sourceState;
  }

  get engine(): EngineInfo | null {
    if (!this.engineInfo) {
      return null;
    }
    return this.hostCounts
      ? {
          ...this.engineInfo,
          containers: this.hostCounts.containers,
          containersRunning: this.hostCounts.running,
        }
      : this.engineInfo;
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
    if (this.sourceState.status !== 'live') {
      this.backoff = BACKOFF_MIN_MS;
      await this.connect();
      return;
    }
    await this.reconcile().catch((err: unknown) => this.onFailure(err));
  }

  /** Inspects one simulation on demand (the detail view) and stores what it learnt. */
  async inspectSimulation(id: string): Promise<ContainerDetails | null> {
    const details = await this.docker.inspectContainer(id);
    if (details) {
      this.applyDetails(details, 'observed');
    }
    return details;
  }

  private connect(): Promise<void> {
    this.connecting ??= this.doConnect().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  private async doConnect(): Promise<void> {
    if (this.stopped) {
      return;
    }
    try {
      this.subscription?.close();
      // Subscribe before listing, so nothing that happens between the two is missed.
      this.subscription = await this.docker.subscribeEvents({
        onEvent: (e) => this.onEvent(e),
        onClose: (err) => this.onStreamClosed(err),
      });
      const [info, version] = await Promise.all([this.docker.info(), this.docker.version()]);
      this.engineInfo = { ...info, apiVersion: version.apiVersion };
      await this.reconcile();
      this.backoff = BACKOFF_MIN_MS;
      this.logger.log(`Following Docker at ${this.docker.endpoint} (${info.serverVersion})`);
    } catch (err) {
      this.subscription?.close();
      this.subscription = null;
      this.onFailure(err);
    }
  }

  private onStreamClosed(err?: Error): void {
    if (this.stopped) {
      return;
    }
    this.subscription = null;
    this.logger.warn(`Docker event stream closed${err ? `: ${err.message}` : ''}; reconnecting`);
    // The stream ending is the first sign of a daemon restart; the reconnect decides stale or live.
    this.scheduleRetry(0);
  }

  private onFailure(err: unknown): void {
    const diagnosis = {
      ...diagnose(err, this.docker.endpoint, Boolean(this.config.DOCKER_HOST), new Date()),
      host: this.host,
    };
    this.markDown(diagnosis);
    this.scheduleRetry(this.backoff);
    this.backoff = Math.min(this.backoff * 2, BACKOFF_MAX_MS);
  }

  private markDown(diagnosis: DockerDiagnosis): void {
    const prev = this.sourceState;
    const hadData = prev.lastSuccessAt !== null;
    this.setSource({
      status: hadData ? 'stale' : 'unavailable',
      lastSuccessAt: prev.lastSuccessAt,
      ...(hadData ? { staleSince: prev.staleSince ?? diagnosis.at } : {}),
      diagnosis,
    });
    if (prev.status === 'live') {
      this.logger.warn(`Docker unreachable (${diagnosis.code}): ${diagnosis.error}`);
    }
  }

  private scheduleRetry(delayMs: number): void {
    if (this.stopped || this.retryTimer) {
      return;
    }
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.connect();
    }, delayMs);
    this.retryTimer.unref();
  }

  private onEvent(e: DockerEvent): void {
    this.lastEvent = Date.now();
    this.eventsReceived++;
    if (e.type === 'network') {
      const id = e.attributes.container;
      if ((e.action === 'connect' || e.action === 'disconnect') && id) {
        this.scheduleInspect(id, `network_${e.action}`);
      }
      return;
    }
    if (e.type !== 'container' || !e.id || IGNORED_ACTIONS.test(e.action)) {
      return;
    }
    const at = e.timeMs || Date.now();
    if (e.action === 'destroy') {
      this.touched.set(e.id, ++this.clock);
      this.writer.write([], [e.id]);
      return;
    }
    if (e.action === 'oom') {
      this.inventory.recordOom(e.id, at);
    } else if (e.action === 'die') {
      this.inventory.recordExit(e.id, at);
    }
    const known = this.inventory.get(e.id) !== undefined;
    const { name, ...labels } = e.attributes;
    if (!known && !matchSimulation(name ?? '', labels, this.match)) {
      return;
    }
    this.scheduleInspect(e.id, e.action);
  }

  /** At most one inspect per container at a time; events during it cause exactly one more. */
  private scheduleInspect(id: string, action: string): void {
    const running = this.inflight.get(id);
    if (running) {
      running.again = true;
      running.action = action;
      return;
    }
    const slot = { again: false, action };
    this.inflight.set(id, slot);
    const run = async (): Promise<void> => {
      do {
        slot.again = false;
        const currentAction = slot.action;
        try {
          const details = await this.docker.inspectContainer(id);
          this.touched.set(id, ++this.clock);
          if (details) {
            this.applyDetails(details, currentAction);
          } else {
            this.writer.write([], [id]);
          }
        } catch (err) {
          // Inspect fails for containers being removed or dead; the next event or reconcile settles it.
          this.logger.debug(`inspect ${id.slice(0, 12)} failed: ${(err as Error).message}`);
        }
      } while (slot.again && !this.stopped);
      this.inflight.delete(id);
    };
    void run();
  }

  private applyDetails(details: ContainerDetails, action: string): void {
    const by = matchSimulation(details.name, details.labels, this.match);
    if (!by || !this.visible(details.state.status)) {
      this.writer.write([], [details.id]);
      return;
    }
    const now = Date.now();
    const container = toSimulation(
      { details },
      by,
      this.inventory.history(details.id),
      this.build,
      now,
    );
    this.writer.write([{ container, details, action, at: now }]);
  }

  private visible(state: string): boolean {
    return this.config.SIMSCOPE_INCLUDE_STOPPED || !STOPPED.has(state);
  }

  /** One list call; inspects only containers that are new or changed and that the list cannot describe. */
  async reconcile(): Promise<void> {
    const started = performance.now();
    const epoch = ++this.clock;
    const list = await this.docker.listContainers();
    const now = Date.now();
    this.hostCounts = {
      containers: list.length,
      running: list.filter((c) => c.state === 'running').length,
    };
    const seen = new Set<string>();
    const toInspect: ContainerListItem[] = [];
    const upserts: Upsert[] = [];
    for (const item of list) {
      const by = matchSimulation(item.name, item.labels, this.match);
      if (!by || !this.visible(item.state)) {
        continue;
      }
      seen.add(item.id);
      const signature = listSignature(item);
      const entry = this.inventory.get(item.id);
      if (entry && entry.listSignature === signature) {
        continue;
      }
      if (needsInspect(item)) {
        toInspect.push(item);
      } else {
        const obs: Observation = { list: item, details: entry?.details };
        const container = toSimulation(obs, by, this.inventory.history(item.id), this.build, now);
        upserts.push({ container, listSignature: signature, action: 'observed', at: now });
      }
    }
    await forEachLimit(toInspect, INSPECT_CONCURRENCY, async (item) => {
      // Inspect fails for dead or removing containers: describe those from the list alone.
      const details = await this.docker.inspectContainer(item.id).catch(() => null);
      const by = matchSimulation(item.name, item.labels, this.match) ?? 'name';
      const container = toSimulation(
        { list: item, details },
        by,
        this.inventory.history(item.id),
        this.build,
        Date.now(),
      );
      upserts.push({
        container,
        details,
        listSignature: listSignature(item),
        action: 'observed',
        at: now,
      });
    });
    const fresh = (id: string): boolean => (this.touched.get(id) ?? 0) < epoch;
    // Only this engine's containers: another engine's are not in this list, and not ours to remove.
    const removals = [...this.inventory.values()]
      .filter((e) => e.container.host === this.host)
      .map((e) => e.container.id)
      .filter((id) => !seen.has(id) && fresh(id));
    this.writer.write(
      upserts.filter((u) => fresh(u.container.id)),
      removals,
    );
    this.touched.clear();
    this.lastReconcileMs = performance.now() - started;
    this.setSource({ status: 'live', lastSuccessAt: new Date().toISOString() });
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

  private setSource(next: SourceState): void {
    const prev = this.sourceState;
    this.sourceState = next;
    if (prev.status !== next.status || prev.diagnosis?.code !== next.diagnosis?.code) {
      this.sourceSubject.next(next);
    }
  }

  /** Sustained memory pressure from the stats sampler (null: gone). */
}
