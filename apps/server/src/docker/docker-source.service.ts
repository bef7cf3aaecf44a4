import {
  Injectable,
  Optional,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import type { EngineInfo, HostSummary, SourceState } from '@simscope/contracts';
import { map, merge, type Observable } from 'rxjs';
import { DockerEngines } from '../adapters/docker/docker-engines.js';
import type { DockerPort } from '../adapters/docker/docker.port.js';
import type { ContainerDetails } from '../adapters/docker/docker.types.js';
import { AppConfig } from '../config/app-config.js';
import { SchedulerService } from '../runtime/scheduler.service.js';
import { EngineWatcher } from './engine-watcher.js';
import { InventoryWriter } from './inventory-writer.js';

/**
 * Every watched engine as one inventory: one watcher per engine (its own event stream, reconcile,
 * backoff and diagnosis) writing into one shared inventory, so the sequence and fingerprint cover all
 * of them and a failure on one engine never delays or blanks another.
 */
@Injectable()
export class DockerSourceService implements OnModuleInit, OnApplicationShutdown {
  private readonly writer = new InventoryWriter();
  readonly inventory = this.writer.inventory;
  /** Every applied change, in sequence order. */
  readonly changes$ = this.writer.changes$;
  readonly watchers: EngineWatcher[];
  /** The combined source state, each time any engine's status or diagnosis changes. */
  readonly sourceChanges$: Observable<SourceState>;

  constructor(engines: DockerEngines, config: AppConfig, @Optional() scheduler?: SchedulerService) {
    const many = engines.engines.length > 1;
    this.watchers = engines.engines.map(
      ({ endpoint, port }) =>
        new EngineWatcher(endpoint.name, port, config, this.writer, scheduler, {
          taskName: many ? `docker.reconcile:${endpoint.name}` : 'docker.reconcile',
        }),
    );
    this.sourceChanges$ = merge(...this.watchers.map((w) => w.sourceChanges$)).pipe(
      map(() => this.source),
    );
  }

  onModuleInit(): void {
    this.watchers.forEach((w) => w.onModuleInit());
  }

  onApplicationShutdown(): void {
    this.watchers.forEach((w) => w.onApplicationShutdown());
    this.writer.complete();
  }

  /** live when every engine is; otherwise the first engine that is not, with its diagnosis. */
  get source(): SourceState {
    const down = this.watchers.find((w) => w.source.status !== 'live');
    if (!down) {
      const times = this.watchers.map((w) => w.source.lastSuccessAt ?? '').sort();
      return { status: 'live', lastSuccessAt: times[0] || null };
    }
    return down.source;
  }

  /** The first engine's details (the only one without SIMSCOPE_DOCKER_ENDPOINTS). */
  get engine(): EngineInfo | null {
    return this.watchers[0]?.engine ?? null;
  }

  get endpoint(): string {
    return this.watchers.map((w) => w.endpoint).join(', ');
  }

  get lastEventAt(): string | null {
    const times = this.watchers.flatMap((w) => (w.lastEventAt ? [w.lastEventAt] : [])).sort();
    return times.at(-1) ?? null;
  }

  get lastReconcileDurationMs(): number | null {
    const all = this.watchers.flatMap((w) =>
      w.lastReconcileDurationMs === null ? [] : [w.lastReconcileDurationMs],
    );
    return all.length ? Math.max(...all) : null;
  }

  get eventsReceived(): number {
    return this.watchers.reduce((n, w) => n + w.eventsReceived, 0);
  }

  hosts(): HostSummary[] {
    const counts = new Map<string, { total: number; running: number }>();
    for (const { container: c } of this.inventory.values()) {
      const n = counts.get(c.host) ?? { total: 0, running: 0 };
      n.total++;
      n.running += c.state === 'running' ? 1 : 0;
      counts.set(c.host, n);
    }
    const now = Date.now();
    return this.watchers.map((w) => ({
      name: w.host,
      endpoint: w.endpoint,
      status: w.source.status,
      lastSuccessAt: w.source.lastSuccessAt,
      ...(w.source.diagnosis ? { diagnosis: w.source.diagnosis } : {}),
      engine: w.engine,
      counts: counts.get(w.host) ?? { total: 0, running: 0 },
      lastEventAgeMs: w.lastEventAt ? now - Date.parse(w.lastEventAt) : null,
      lastReconcileMs: w.lastReconcileDurationMs,
    }));
  }

  /** The watcher of the engine a container runs on. */
  watcherFor(id: string): EngineWatcher | null {
    const host = this.inventory.get(id)?.container.host;
    return this.watchers.find((w) => w.host === host) ?? null;
  }

  /** The read-only port of the engine a container runs on. */
  portFor(id: string): DockerPort | null {
    return this.watcherFor(id)?.docker ?? null;
  }

  /** Reconnects engines that are down, reconciles the others ("retry now"); one never waits on another's failure. */
  async refresh(): Promise<void> {
    await Promise.all(this.watchers.map((w) => w.refresh().catch(() => undefined)));
  }

  async reconcile(): Promise<void> {
    await Promise.all(this.watchers.map((w) => w.reconcile()));
  }

  inspectSimulation(id: string): Promise<ContainerDetails | null> {
    return this.watcherFor(id)?.inspectSimulation(id) ?? Promise.resolve(null);
  }

  setMemoryPressure(id: string, reason: string | null): void {
    this.writer.setMemoryPressure(id, reason);
  }
}
