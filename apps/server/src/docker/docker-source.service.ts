import {
  Injectable,
  Optional,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import type {
  ClusterSummary,
  EngineInfo,
  HostSummary,
  SimulationContainer,
  SourceState,
} from '@simscope/contracts';
import { map, merge, type Observable } from 'rxjs';
import { DockerEngines } from '../adapters/docker/docker-engines.js';
import type { DockerPort } from '../adapters/docker/docker.port.js';
import type { ContainerDetails } from '../adapters/docker/docker.types.js';
import { DiscoverySettings } from '../config/settings.js';
import { SchedulerService } from '../runtime/scheduler.service.js';
import type { AnnotationChannel, Annotator, RowAnnotations } from './annotations.js';
import { ClusterIndex } from './cluster-index.js';
import { EngineWatcher } from './engine-watcher.js';
import type { Entry } from './inventory.js';
import {
  REFRESH_MIN_INTERVAL_MS,
  type EnginePorts,
  type InventoryReader,
} from './inventory-reader.js';
import { InventoryWriter } from './inventory-writer.js';
import { resolveRef, uniqueByName } from './resolve-ref.js';
import { sourceHost, type RowSource } from './row-source.js';
import { SwarmSource } from './swarm/swarm-source.js';

/**
 * Every watched engine as one inventory: one row source per engine (its own event stream,
 * reconcile, backoff and diagnosis) writing into one shared writer, so the sequence and fingerprint
 * cover all of them and a failure on one engine never delays or blanks another. Other features see
 * it only as an InventoryReader, RowAnnotations and EnginePorts.
 */
@Injectable()
export class DockerSourceService
  implements InventoryReader, RowAnnotations, EnginePorts, OnModuleInit, OnApplicationShutdown
{
  private readonly writer = new InventoryWriter();
  private readonly inventory = this.writer.inventory;
  private readonly clusterIndex = new ClusterIndex();
  readonly changes$;
  readonly sources: RowSource[];
  readonly sourceChanges$: Observable<SourceState>;

  constructor(
    engines: DockerEngines,
    settings: DiscoverySettings,
    @Optional() scheduler?: SchedulerService,
  ) {
    const many = engines.engines.length > 1;
    const swarm = engines.engines.some((e) => e.endpoint.mode === 'swarm');
    const plain = new Map(
      engines.engines
        .filter((e) => e.endpoint.mode === 'engine')
        .map((e) => [e.endpoint.name, e.port]),
    );
    this.sources = engines.engines.map(({ endpoint, port }) =>
      endpoint.mode === 'swarm'
        ? new SwarmSource(endpoint.name, port, settings, this.writer, plain, scheduler)
        : new EngineWatcher(endpoint.name, port, settings, this.writer, scheduler, {
            taskName: many ? `docker.reconcile:${endpoint.name}` : 'docker.reconcile',
            skipSwarmTasks: swarm,
          }),
    );
    // Subscribed first, so the index has every change before any other subscriber sees it.
    this.writer.changes$.subscribe((change) => this.clusterIndex.apply(change));
    this.changes$ = this.writer.changes$;
    this.sourceChanges$ = merge(...this.sources.map((w) => w.sourceChanges$)).pipe(
      map(() => this.source),
    );
  }

  onModuleInit(): void {
    this.sources.forEach((w) => w.start());
  }

  onApplicationShutdown(): void {
    this.sources.forEach((w) => w.stop());
    this.writer.complete();
  }

  // InventoryReader

  get sequence(): number {
    return this.inventory.sequence;
  }

  get fingerprint(): string {
    return this.inventory.fingerprint;
  }

  get size(): number {
    return this.inventory.size;
  }

  get source(): SourceState {
    const down = this.sources.find((w) => w.source.status !== 'live');
    if (!down) {
      const times = this.sources.map((w) => w.source.lastSuccessAt ?? '').sort();
      return { status: 'live', lastSuccessAt: times[0] || null };
    }
    return down.source;
  }

  get engine(): EngineInfo | null {
    return this.sources[0]?.engine ?? null;
  }

  *rows(): IterableIterator<SimulationContainer> {
    for (const e of this.inventory.values()) {
      yield e.container;
    }
  }

  get(id: string): SimulationContainer | undefined {
    return this.inventory.get(id)?.container;
  }

  resolve(ref: string): SimulationContainer | null {
    return resolveRef(ref, (id) => this.get(id), this.rows());
  }

  byName(name: string): SimulationContainer | null {
    return uniqueByName(name, this.rows());
  }

  clusters(): ClusterSummary[] {
    return this.clusterIndex.all();
  }

  cluster(name: string): ClusterSummary | undefined {
    return this.clusterIndex.get(name);
  }

  tty(id: string): boolean | null {
    return this.inventory.get(id)?.details?.tty ?? null;
  }

  /**
   * Each engine, then each Swarm node. A node that is also a configured engine (same name) is one
   * entry: the engine's, carrying the node's facts.
   */
  hosts(): HostSummary[] {
    const counts = new Map<string, { total: number; running: number }>();
    for (const c of this.rows()) {
      const n = counts.get(c.host) ?? { total: 0, running: 0 };
      n.total++;
      n.running += c.state === 'running' ? 1 : 0;
      counts.set(c.host, n);
    }
    const engines = this.engineHosts(counts);
    const byName = new Map(engines.map((h) => [h.name, h]));
    const nodes = this.sources
      .flatMap((w) => (w instanceof SwarmSource ? w.hostSummaries(counts) : []))
      .filter((n) => {
        const engine = byName.get(n.name);
        if (engine && n.node) {
          engine.node = n.node;
        }
        return !engine;
      });
    return [...engines, ...nodes];
  }

  private engineHosts(counts: Map<string, { total: number; running: number }>): HostSummary[] {
    const now = Date.now();
    return this.sources
      .filter((w) => !(w instanceof SwarmSource))
      .map((w) => sourceHost(w, counts, now));
  }

  // RowAnnotations

  register<T>(annotator: Annotator<T>): AnnotationChannel<T> {
    return this.writer.register(annotator);
  }

  // EnginePorts

  portFor(id: string): DockerPort | null {
    const source = this.sourceOf(id);
    return source instanceof SwarmSource ? source.taskPort : (source?.docker ?? null);
  }

  // Inside discovery (status, controller, detail)

  get endpoint(): string {
    return this.sources.map((w) => w.endpoint).join(', ');
  }

  get lastEventAt(): string | null {
    const times = this.sources.flatMap((w) => (w.lastEventAt ? [w.lastEventAt] : [])).sort();
    return times.at(-1) ?? null;
  }

  get lastReconcileDurationMs(): number | null {
    const all = this.sources.flatMap((w) =>
      w.lastReconcileDurationMs === null ? [] : [w.lastReconcileDurationMs],
    );
    return all.length ? Math.max(...all) : null;
  }

  get eventsReceived(): number {
    return this.sources.reduce((n, w) => n + w.eventsReceived, 0);
  }

  /** The raw entry (details, transitions): for the detail view inside discovery only. */
  entry(id: string): Entry | undefined {
    return this.inventory.get(id);
  }

  private readRefresh: { at: number; done: Promise<void> } | null = null;

  refreshForRead(now = Date.now()): Promise<void> {
    if (this.readRefresh && now - this.readRefresh.at < REFRESH_MIN_INTERVAL_MS) {
      return this.readRefresh.done;
    }
    const done = this.refresh();
    this.readRefresh = { at: now, done };
    return done;
  }

  /** Reconnects engines that are down, reconciles the others ("retry now"); one never waits on another's failure. */
  async refresh(): Promise<void> {
    await Promise.all(this.sources.map((w) => w.refresh().catch(() => undefined)));
  }

  async reconcile(): Promise<void> {
    await Promise.all(this.sources.map((w) => w.reconcile()));
  }

  inspectSimulation(id: string): Promise<ContainerDetails | null> {
    const source = this.sourceOf(id);
    return source instanceof EngineWatcher ? source.inspectSimulation(id) : Promise.resolve(null);
  }

  private sourceOf(id: string): RowSource | undefined {
    const swarm = this.sources.find((w) => w instanceof SwarmSource && w.owns(id));
    if (swarm) {
      return swarm;
    }
    const host = this.inventory.get(id)?.container.host;
    return this.sources.find((w) => w.host === host && !(w instanceof SwarmSource));
  }
}
