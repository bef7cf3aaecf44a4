import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import {
  DOCKER_USAGE_SCHEMA,
  type ContainerLimits,
  type DockerUsagePayload,
  type StatsSample,
  type UsageTotals,
  type WatchAck,
} from '@simscope/contracts';
import { Subject } from 'rxjs';
import type { DockerPort } from '../adapters/docker/docker.port.js';
import type { StreamHandle } from '../adapters/docker/docker.types.js';
import { forEachLimit } from '../common/for-each-limit.js';
import { StatsSettings } from '../config/settings.js';
import { RowAnnotations, type AnnotationChannel } from '../docker/annotations.js';
import { FailureEvidenceSources } from '../docker/failure-evidence.js';
import { EnginePorts, InventoryReader } from '../docker/inventory-reader.js';
import { SchedulerService } from '../runtime/scheduler.service.js';
import { memoryPressureAnnotator, memoryPressureReason } from './memory-pressure.js';
import { toSample, type CpuMark, type PressureThresholds } from './usage.js';

export const HISTORY = 60;
const SWEEP_CONCURRENCY = 4;
/** Critical memory this many samples in a row becomes a phase reason. */
const SUSTAINED = 2;
/** Memory readings kept per container for its failure note's peak. */
const MEMORY_READINGS = 30;
const NO_LIMITS: ContainerLimits = { cpus: null, cpuset: null, memoryBytes: null, pids: null };

interface Watched {
  watchers: Set<string>;
  history: StatsSample[];
  handle: StreamHandle | null;
}

/**
 * Container resource usage, sampled only where it is wanted: a live stream per watched container
 * (shared by its watchers, closed with the last), and a bounded background sweep of one-shot
 * samples over running simulations for the dashboard's meters. The sweep is expensive work: the
 * scheduler stretches it under `degraded` and skips it under `critical`.
 */
@Injectable()
export class StatsService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(StatsService.name);
  private readonly thresholds: PressureThresholds;
  private readonly watched = new Map<string, Watched>();
  private readonly latest = new Map<string, StatsSample>();
  private readonly cpuMarks = new Map<string, CpuMark>();
  private readonly criticalStreak = new Map<string, number>();
  /** The last few memory readings per container, kept after it stops (for its failure note). */
  private readonly recentMemory = new Map<string, number[]>();
  private usageState: DockerUsagePayload;
  private readonly samplesSubject = new Subject<StatsSample>();
  private readonly usageSubject = new Subject<DockerUsagePayload>();
  private readonly memoryPressure: AnnotationChannel<string>;
  /** Every sample of a watched container, as it arrives. */
  readonly samples$ = this.samplesSubject.asObservable();
  /** The usage after each sweep. */
  readonly usage$ = this.usageSubject.asObservable();

  constructor(
    private readonly inventory: InventoryReader,
    private readonly ports: EnginePorts,
    annotations: RowAnnotations,
    private readonly settings: StatsSettings,
    private readonly scheduler: SchedulerService,
    evidence: FailureEvidenceSources,
  ) {
    evidence.register({
      name: 'memory',
      collect: (row) => Promise.resolve({ memory: this.memoryPeak(row.id, row.limits?.memoryBytes ?? null) }),
    });
    this.thresholds = {
      warning: settings.warning,
      critical: settings.critical,
    };
    this.usageState = emptyUsage(settings.sweepMs === 0 ? 'off' : 'active');
    this.memoryPressure = annotations.register(memoryPressureAnnotator);
  }

  onModuleInit(): void {
    if (this.settings.sweepMs > 0) {
      this.scheduler.register({
        name: 'docker.stats-sweep',
        intervalMs: this.settings.sweepMs,
        expensive: true,
        run: () => this.sweep(),
        onSkipped: () => this.sweepSkipped(),
      });
    }
  }

  onApplicationShutdown(): void {
    for (const w of this.watched.values()) {
      w.handle?.close();
    }
    this.watched.clear();
    this.samplesSubject.complete();
    this.usageSubject.complete();
  }

  /** The read-only port of the engine the container runs on. */
  private portFor(id: string): DockerPort {
    const port = this.ports.portFor(id);
    if (!port) {
      throw new Error(`No engine runs container ${id}`);
    }
    return port;
  }

  get usage(): DockerUsagePayload {
    return this.usageState;
  }

  /** Watched containers and their watcher counts, for tests and /metrics. */
  get watchedCount(): number {
    return this.watched.size;
  }

  /** watch_container: a running simulation by id, prefix, name or host/id, or why not. */
  async watchSimulation(ref: string, watcher: string): Promise<WatchAck> {
    const c = this.inventory.resolve(ref);
    if (!c || c.state !== 'running') {
      const error = c ? `${c.name} is not running` : `No simulation container '${ref}'`;
      return { ok: false, id: c?.id ?? ref, samples: [], error };
    }
    try {
      return { ok: true, id: c.id, samples: await this.watch(c.id, watcher) };
    } catch (err) {
      // Why not, to the watcher (a Swarm task on a node without its own endpoint, an engine gone).
      return { ok: false, id: c.id, samples: [], error: (err as Error).message };
    }
  }

  /** unwatch_container: resolves the ref as watch did; returns the container id. */
  unwatchSimulation(ref: string, watcher: string): string {
    const id = this.inventory.resolve(ref)?.id ?? ref;
    this.unwatch(id, watcher);
    return id;
  }

  /** Adds a watcher; opens the container's stream for the first. Resolves with the history so far. */
  async watch(id: string, watcher: string): Promise<StatsSample[]> {
    const existing = this.watched.get(id);
    if (existing) {
      existing.watchers.add(watcher);
      return [...existing.history];
    }
    const entry: Watched = { watchers: new Set([watcher]), history: [], handle: null };
    this.watched.set(id, entry);
    const limits = this.limitsOf(id);
    try {
      const handle = await this.portFor(id).streamStats(id, {
        onData: (raw) => {
          const sample = toSample(id, raw, limits, this.thresholds);
          entry.history.push(sample);
          if (entry.history.length > HISTORY) {
            entry.history.shift();
          }
          this.note(sample);
          this.samplesSubject.next(sample);
        },
        onClose: () => {
          entry.handle = null;
        },
      });
      if (this.watched.get(id) === entry) {
        entry.handle = handle;
      } else {
        // Every watcher left while the stream was opening.
        handle.close();
      }
    } catch (err) {
      if (this.watched.get(id) === entry) {
        this.watched.delete(id);
      }
      throw err;
    }
    return [...entry.history];
  }

  /** Removes a watcher; the last one closes the stream. */
  unwatch(id: string, watcher: string): void {
    const w = this.watched.get(id);
    if (!w) {
      return;
    }
    w.watchers.delete(watcher);
    if (w.watchers.size === 0) {
      this.watched.delete(id);
      w.handle?.close();
    }
  }

  /** Everything one watcher held (a disconnect). */
  release(watcher: string): void {
    for (const [id, w] of [...this.watched]) {
      if (w.watchers.has(watcher)) {
        this.unwatch(id, watcher);
      }
    }
  }

  /** The guard shed a sweep: the last samples stay, marked as not current (once per episode). */
  sweepSkipped(): void {
    if (this.usageState.state !== 'skipped') {
      this.usageState = { ...this.usageState, state: 'skipped' };
      this.usageSubject.next(this.usageState);
    }
  }

  /** One-shot samples of every running simulation, a few at a time. */
  async sweep(): Promise<void> {
    const started = performance.now();
    const running = [...this.inventory.rows()].filter((c) => c.state === 'running');
    const seen = new Set<string>();
    await forEachLimit(running, SWEEP_CONCURRENCY, async (c) => {
      const watched = this.watched.get(c.id)?.history.at(-1);
      if (watched) {
        // A watched container already streams: reuse its newest sample.
        seen.add(c.id);
        this.latest.set(c.id, watched);
        return;
      }
      const raw = await this.portFor(c.id)
        .containerStats(c.id)
        .catch(() => null);
      if (!raw) {
        return;
      }
      const sample = toSample(
        c.id,
        raw,
        c.limits ?? NO_LIMITS,
        this.thresholds,
        this.cpuMarks.get(c.id) ?? null,
      );
      this.cpuMarks.set(c.id, { total: raw.cpu.total, system: raw.cpu.system, atMs: Date.now() });
      seen.add(c.id);
      this.latest.set(c.id, sample);
      this.note(sample);
    });
    for (const id of [...this.recentMemory.keys()]) {
      if (!this.inventory.get(id)) {
        this.recentMemory.delete(id);
      }
    }
    for (const id of [...this.latest.keys()]) {
      if (!seen.has(id)) {
        this.latest.delete(id);
        this.cpuMarks.delete(id);
        this.criticalStreak.delete(id);
      }
    }
    this.usageState = this.summarise(performance.now() - started);
    this.usageSubject.next(this.usageState);
  }

  private limitsOf(id: string): ContainerLimits {
    return this.inventory.get(id)?.limits ?? NO_LIMITS;
  }

  /** The peak of the recent samples and the limit (a failure note's memory). */
  memoryPeak(
    id: string,
    limitBytes: number | null,
  ): { peakBytes: number | null; limitBytes: number | null; samples: number } {
    const readings = this.recentMemory.get(id) ?? [];
    return {
      peakBytes: readings.length ? Math.max(...readings) : null,
      limitBytes,
      samples: readings.length,
    };
  }

  /** Sustained critical memory pressure becomes (and stops being) a reason on the container. */
  private note(sample: StatsSample): void {
    const readings = this.recentMemory.get(sample.id) ?? [];
    readings.push(sample.memoryBytes);
    if (readings.length > MEMORY_READINGS) {
      readings.shift();
    }
    this.recentMemory.set(sample.id, readings);
    const mem = sample.pressure.memory;
    const streak = mem.level === 'critical' ? (this.criticalStreak.get(sample.id) ?? 0) + 1 : 0;
    this.criticalStreak.set(sample.id, streak);
    if (streak >= SUSTAINED && mem.share !== null) {
      this.memoryPressure.set(sample.id, memoryPressureReason(mem.share));
    } else if (streak === 0) {
      this.memoryPressure.set(sample.id, null);
    }
  }

  private summarise(sweepMs: number): DockerUsagePayload {
    const containers: Record<string, StatsSample> = {};
    const clusters: Record<string, UsageTotals> = {};
    const totals = emptyTotals();
    for (const [id, s] of this.latest) {
      const c = this.inventory.get(id);
      if (!c) {
        continue;
      }
      containers[id] = s;
      add(totals, s);
      add((clusters[c.cluster] ??= emptyTotals()), s);
    }
    return {
      schema: DOCKER_USAGE_SCHEMA,
      sweptAt: new Date().toISOString(),
      sweepMs: Math.round(sweepMs),
      state: 'active',
      containers,
      clusters,
      totals,
    };
  }
}

function emptyTotals(): UsageTotals {
  return { cpuPercent: 0, memoryBytes: 0, memoryLimitBytes: 0, pids: 0, sampled: 0 };
}

function add(t: UsageTotals, s: StatsSample): void {
  t.cpuPercent = Math.round((t.cpuPercent + (s.cpuPercent ?? 0)) * 100) / 100;
  t.memoryBytes += s.memoryBytes;
  t.memoryLimitBytes += s.memoryLimitBytes ?? 0;
  t.pids += s.pids ?? 0;
  t.sampled++;
}

function emptyUsage(state: DockerUsagePayload['state']): DockerUsagePayload {
  return {
    schema: DOCKER_USAGE_SCHEMA,
    sweptAt: null,
    sweepMs: null,
    state,
    containers: {},
    clusters: {},
    totals: emptyTotals(),
  };
}
