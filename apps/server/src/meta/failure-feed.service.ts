import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Phase, SimulationContainer, SwarmTaskInfo } from '@simscope/contracts';
import type { Subscription } from 'rxjs';
import { CRASHLOOP_MIN_EXITS } from '../docker/classify.js';
import { InventoryReader } from '../docker/inventory-reader.js';
import { FailureEvidenceSources } from '../docker/failure-evidence.js';
import { MetaStoreService } from './meta-store.service.js';
import { MetaService } from './meta.service.js';
import { FAILING } from './overview.service.js';

const SETTLE_MS = 1500;

const SEVERITY: Partial<Record<Phase, 'warning' | 'critical'>> = {
  'oom-killed': 'critical',
  crashloop: 'critical',
  failed: 'warning',
  stalled: 'warning',
  degraded: 'warning',
};

/**
 * Writes a `failure` observation (source docker) when a container enters a failing phase: once per
 * container and phase episode. Episodes already noted survive restarts: until this process has seen
 * a container out of its failing phases, a note the feed wrote earlier for the same container and
 * phase counts as this episode's (a lookup in the note index).
 */
@Injectable()
export class FailureFeedService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(FailureFeedService.name);
  private readonly episodes = new Set<string>();
  /** Containers this process has seen in a phase that is not failing (their old episodes ended). */
  private readonly recovered = new Set<string>();
  /** Containers whose failing phase is settling (an OOM passes through running → oom-killed). */
  private readonly settling = new Map<string, NodeJS.Timeout>();
  private subscription: Subscription | null = null;

  constructor(
    private readonly source: InventoryReader,
    private readonly store: MetaStoreService,
    private readonly meta: MetaService,
    private readonly evidence: FailureEvidenceSources,
  ) {}

  onModuleInit(): void {
    this.subscription = this.source.changes$.subscribe((change) => {
      for (const r of change.removed) {
        clearTimeout(this.settling.get(r.id));
        this.settling.delete(r.id);
        this.endEpisodes(r.id);
        this.recovered.delete(r.id);
      }
      for (const c of [...change.added, ...change.updated.map((u) => u.container)]) {
        this.observe(c);
      }
    });
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
    this.settling.forEach((t) => clearTimeout(t));
  }

  /**
   * A failing phase is written down once it has held for a moment, so one incident that passes
   * through several phases (an OOM kill is seen as degraded for a few ms before oom-killed) is one note.
   */
  private observe(c: SimulationContainer): void {
    clearTimeout(this.settling.get(c.id));
    this.settling.delete(c.id);
    if (!FAILING.includes(c.phase)) {
      this.endEpisodes(c.id);
      this.recovered.add(c.id);
      if (c.swarm && c.phase === 'running') {
        this.endEpisodes(serviceEpisode(c.swarm));
      }
      return;
    }
    if (c.swarm && inServiceLoop(c.swarm) && c.phase === 'failed') {
      // Each failed task of a crash-looping service is a new row: the service's one crashloop note covers them.
      return;
    }
    const timer = setTimeout(() => {
      this.settling.delete(c.id);
      const current = this.source.get(c.id);
      if (current && FAILING.includes(current.phase)) {
        this.record(current);
      }
    }, SETTLE_MS);
    timer.unref();
    this.settling.set(c.id, timer);
  }

  private record(c: SimulationContainer): void {
    // Leaving one failing phase for another starts a new episode for the new phase only.
    for (const key of [...this.episodes]) {
      if (key.startsWith(`${c.id}:`) && key !== `${c.id}:${c.phase}`) {
        this.episodes.delete(key);
      }
    }
    // A Swarm service in a crash loop is one episode, whichever of its (ever new) tasks shows it.
    const key = `${c.swarm && inServiceLoop(c.swarm) ? serviceEpisode(c.swarm) : c.id}:${c.phase}`;
    if (this.episodes.has(key) || this.notedBeforeStart(c)) {
      this.episodes.add(key);
      return;
    }
    this.episodes.add(key);
    // What the failure left behind is read now, while the container (and its logs) still exist.
    this.evidence
      .collect(c)
      .then((evidence) =>
        this.meta.addNote(
          {
            category: 'failure',
            severity: SEVERITY[c.phase] ?? 'warning',
            title: `${c.displayName} ${c.phase}`.slice(0, 160),
            text: c.reasons.join('\n').slice(0, 4000),
            tags: [c.phase, 'docker'],
            targets: [
              { kind: 'container', id: c.id },
              { kind: 'cluster', id: c.cluster },
              ...(c.experiment ? [{ kind: 'experiment' as const, id: c.experiment }] : []),
            ],
          },
          'docker',
          undefined,
          evidence,
        ),
      )
      .catch((err: unknown) => {
        this.episodes.delete(key);
        this.logger.error(`could not record the failure of ${c.name}: ${(err as Error).message}`);
      });
  }

  private notedBeforeStart(c: SimulationContainer): boolean {
    return (
      !this.recovered.has(c.id) &&
      this.store.hasNote({ source: 'docker', category: 'failure', tag: c.phase, target: c.id })
    );
  }

  private endEpisodes(id: string): void {
    for (const key of [...this.episodes]) {
      if (key.startsWith(`${id}:`)) {
        this.episodes.delete(key);
      }
    }
  }
}

const serviceEpisode = (t: SwarmTaskInfo): string => `swarm:${t.endpoint}/${t.serviceId}`;
const inServiceLoop = (t: SwarmTaskInfo): boolean =>
  t.serviceState.recentFailures >= CRASHLOOP_MIN_EXITS;
