import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { RunStamp, SimEvent, SimulationContainer } from '@simscope/contracts';
import type { Subscription } from 'rxjs';
import { DiscoverySettings } from '../config/settings.js';
import { RowAnnotations, type AnnotationChannel } from '../docker/annotations.js';
import { EnginePorts, InventoryReader } from '../docker/inventory-reader.js';
import { MetaService } from '../meta/meta.service.js';
import { SimEventsService } from '../sim-events/sim-events.service.js';
import { labelsHash, runSteps, runsOf } from './binding.js';

/** Metrics from a simulation's events reach its runs at most this often. */
export const METRICS_EVERY_MS = 5000;

interface PendingMetrics {
  metrics: Record<string, number>;
  step: number | undefined;
  timer: NodeJS.Timeout | null;
}

/**
 * Binds the team's runs to containers (`<prefix>.run=<runId>`, or a run's targets naming the
 * container, its experiment or cluster): their starts and ends move the run's status, each start
 * leaves a stamp, a stall is written on the run, and metrics in their events become run metrics.
 * Rows carry the ids of their runs (`row.runs`).
 */
@Injectable()
export class RunBindingService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(RunBindingService.name);
  private readonly runLabel: string;
  private readonly annotation: AnnotationChannel<string[]>;
  /** container id → the startedAt already stamped. */
  private readonly stamped = new Map<string, string>();
  /** container id → whether its stall was written on its runs. */
  private readonly stallNoted = new Set<string>();
  /** One chain of writes per run, so its steps land in order. */
  private readonly chains = new Map<string, Promise<unknown>>();
  private readonly metrics = new Map<string, PendingMetrics>();
  private readonly bound = new Map<string, string[]>();
  /** container id → state/phase/exit code last settled for (other row changes do not move runs). */
  private readonly settledAs = new Map<string, string>();
  private subscriptions: Subscription[] = [];

  constructor(
    private readonly inventory: InventoryReader,
    private readonly ports: EnginePorts,
    private readonly meta: MetaService,
    private readonly events: SimEventsService,
    annotations: RowAnnotations,
    discovery: DiscoverySettings,
  ) {
    this.runLabel = `${discovery.labelPrefix}.run`;
    this.annotation = annotations.register({
      kind: 'runs',
      apply: (row, runs) => (row.runs === runs ? row : { ...row, runs }),
    });
  }

  onModuleInit(): void {
    this.subscriptions = [
      this.inventory.changes$.subscribe((change) => {
        change.removed.forEach((r) => this.forget(r.id));
        for (const c of [...change.added, ...change.updated.map((u) => u.container)]) {
          this.observe(c);
        }
      }),
      this.events.events$.subscribe(({ id, events }) => this.metricsFrom(id, events)),
      // A run created after its containers started binds them now.
      this.meta.runsCreated$.subscribe(() => {
        for (const c of this.inventory.rows()) {
          this.observe(c);
        }
      }),
    ];
    for (const c of this.inventory.rows()) {
      this.observe(c);
    }
  }

  onModuleDestroy(): void {
    this.subscriptions.forEach((s) => s.unsubscribe());
    this.metrics.forEach((m) => m.timer && clearTimeout(m.timer));
  }

  private runsOf(c: SimulationContainer): string[] {
    return runsOf(c, this.meta.runs(), this.runLabel, (ref) => this.meta.findRun(ref));
  }

  private observe(c: SimulationContainer): void {
    const runs = this.runsOf(c);
    const before = this.bound.get(c.id) ?? [];
    if (runs.join() !== before.join()) {
      this.bound.set(c.id, runs);
      this.annotation.set(c.id, runs.length ? runs : null);
    }
    if (runs.length === 0) {
      return;
    }
    const stampDue = c.state === 'running' && c.startedAt && this.stamped.get(c.id) !== c.startedAt;
    if (stampDue && c.startedAt) {
      this.stamped.set(c.id, c.startedAt);
    }
    const as = `${c.state}/${c.phase}/${c.exitCode}/${runs.join()}`;
    const settleDue = this.settledAs.get(c.id) !== as;
    this.settledAs.set(c.id, as);
    const stallDue = c.phase === 'stalled' && !this.stallNoted.has(c.id);
    if (c.phase === 'stalled') {
      this.stallNoted.add(c.id);
    } else {
      this.stallNoted.delete(c.id);
    }
    if (!stampDue && !stallDue && !settleDue) {
      return;
    }
    if (c.state !== 'running') {
      // Metrics it printed before it stopped land before the run ends.
      this.flushMetrics(c.id);
    }
    for (const runId of runs) {
      this.inOrder(runId, async () => {
        if (stampDue) {
          await this.meta.recordRunEvent(runId, { stamp: await this.stamp(c) });
        }
        if (stallDue) {
          await this.meta.recordRunEvent(runId, { note: `${c.name} stalled: ${c.reasons[0] ?? ''}` });
        }
        await this.settle(runId);
      });
    }
  }

  /** Moves the run as its bound containers say (re-read inside the run's chain). */
  private async settle(runId: string): Promise<void> {
    const run = this.meta.findRun(runId);
    if (!run) {
      return;
    }
    const rows = [...this.inventory.rows()].filter((r) => (this.bound.get(r.id) ?? []).includes(runId));
    for (const step of runSteps(run.status, rows)) {
      await this.meta.recordRunEvent(runId, step);
    }
  }

  private inOrder(runId: string, work: () => Promise<void>): void {
    const next = (this.chains.get(runId) ?? Promise.resolve())
      .then(work)
      .catch((err: unknown) =>
        this.logger.warn(`run ${runId}: could not record its containers' change: ${(err as Error).message}`),
      );
    this.chains.set(runId, next);
    void next.finally(() => {
      if (this.chains.get(runId) === next) {
        this.chains.delete(runId);
      }
    });
  }

  private async stamp(c: SimulationContainer): Promise<RunStamp> {
    const port = this.ports.portFor(c.id);
    const details = await port?.inspectContainer(c.id).catch(() => null);
    const imageId = details?.imageId ?? null;
    return {
      containerId: c.id,
      containerName: c.name,
      host: c.host,
      startedAt: c.startedAt ?? new Date().toISOString(),
      image: c.image,
      imageId,
      repoDigests: imageId && port ? await port.imageDigests(imageId).catch(() => []) : [],
      labelsHash: labelsHash(details?.labels ?? c.labels),
      composeProject: c.composeProject,
      composeService: c.composeService,
      composeConfigHash: c.labels['com.docker.compose.config-hash'] ?? null,
      limits: c.limits,
      command: details?.command ?? [],
    };
  }

  /** Numeric metrics of a bound simulation's events, the latest of each, to its runs every 5 s. */
  private metricsFrom(id: string, events: SimEvent[]): void {
    const runs = this.bound.get(id);
    if (!runs?.length) {
      return;
    }
    for (const e of events) {
      if (!e.metrics) {
        continue;
      }
      const pending = this.metrics.get(id) ?? { metrics: {}, step: undefined, timer: null };
      Object.assign(pending.metrics, e.metrics);
      pending.step = e.tick ?? pending.step;
      this.metrics.set(id, pending);
      pending.timer ??= setTimeout(() => this.flushMetrics(id), METRICS_EVERY_MS);
    }
  }

  private flushMetrics(id: string): void {
    const pending = this.metrics.get(id);
    this.metrics.delete(id);
    if (pending?.timer) {
      clearTimeout(pending.timer);
    }
    if (!pending || Object.keys(pending.metrics).length === 0) {
      return;
    }
    for (const runId of this.bound.get(id) ?? []) {
      this.inOrder(runId, async () => {
        const metrics = Object.fromEntries(Object.entries(pending.metrics).slice(0, 50));
        await this.meta.recordRunEvent(runId, { metrics, step: pending.step });
      });
    }
  }

  private forget(id: string): void {
    this.flushMetrics(id);
    this.bound.delete(id);
    this.stamped.delete(id);
    this.stallNoted.delete(id);
    this.settledAs.delete(id);
  }
}
