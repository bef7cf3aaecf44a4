import {
  Injectable,
  Logger,
  NotFoundException,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import {
  EVIDENCE_LIMITS,
  SIM_EVENT_OUTPUTS,
  SIM_EVENTS_SCHEMA,
  type FollowAck,
  type SimEvent,
  type SimEventOutput,
  type SimEventSummary,
  type SimEventsPage,
  type SimEventsQueryDto,
  type SimulationContainer,
} from '@simscope/contracts';
import { Subject, type Subscription } from 'rxjs';
import { DiscoverySettings, SimEventsSettings, StatsSettings } from '../config/settings.js';
import { RowAnnotations, type AnnotationChannel } from '../docker/annotations.js';
import { EnginePorts, InventoryReader } from '../docker/inventory-reader.js';
import { FailureEvidenceSources } from '../docker/failure-evidence.js';
import { SchedulerService } from '../runtime/scheduler.service.js';
import { eventsAnnotator, stallAnnotator } from './annotators.js';
import { EventFollowers, type EventsFollower } from './event-followers.js';
import { EventSource } from './event-source.js';
import { silentFor, stallReason, stallWindowMs } from './stall.js';

/** Summary deltas per simulation: at most one per this. */
export const SUMMARY_EVERY_MS = 1000;
const STALL_CHECK_MS = 1000;
/** A follow the engine closed under a running container opens again after this. */
const REOPEN_MS = 1000;
/** A stall's reason (its silent span) is rewritten at most this often. */
const STALL_REASON_EVERY_MS = 60_000;

interface Sim {
  source: EventSource;
  publishedAt: number;
  timer: NodeJS.Timeout | null;
  reopen: NodeJS.Timeout | null;
  stall: { reason: string; at: number } | null;
}

/**
 * Simulation events: for every running container labelled `<prefix>.events`, one shared follow
 * of its output; each JSON line with a type is an event. Rows carry the summary (coalesced to one
 * update a second per simulation) and turn `stalled` when events stop for longer than their window.
 */
@Injectable()
export class SimEventsService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(SimEventsService.name);
  private readonly sims = new Map<string, Sim>();
  private readonly summaries: AnnotationChannel<SimEventSummary>;
  private readonly stalls: AnnotationChannel<string>;
  private readonly followers: EventFollowers;
  private subscription: Subscription | null = null;
  private overCapLogged = false;
  private readonly eventsSubject = new Subject<{ id: string; events: SimEvent[] }>();
  /** Every batch of new events, by container id (run metrics read them). */
  readonly events$ = this.eventsSubject.asObservable();
  private readonly label: { events: string; stallAfter: string };

  constructor(
    private readonly inventory: InventoryReader,
    private readonly ports: EnginePorts,
    annotations: RowAnnotations,
    private readonly settings: SimEventsSettings,
    discovery: DiscoverySettings,
    stats: StatsSettings,
    private readonly scheduler: SchedulerService,
    evidence: FailureEvidenceSources,
  ) {
    evidence.register({
      name: 'events',
      collect: (row) =>
        Promise.resolve(
          this.sims.has(row.id) ? { events: this.lastEvents(row.id, EVIDENCE_LIMITS.events) } : {},
        ),
    });
    this.summaries = annotations.register(eventsAnnotator);
    this.stalls = annotations.register(stallAnnotator);
    this.followers = new EventFollowers(stats.logLinesPerSecond);
    this.label = {
      events: `${discovery.labelPrefix}.events`,
      stallAfter: `${discovery.labelPrefix}.stall-after`,
    };
  }

  onModuleInit(): void {
    if (this.settings.maxFollowed === 0) {
      return;
    }
    this.subscription = this.inventory.changes$.subscribe((change) => {
      change.removed.forEach((r) => this.forget(r.id));
      for (const c of [...change.added, ...change.updated.map((u) => u.container)]) {
        this.sync(c);
      }
    });
    for (const c of this.inventory.rows()) {
      this.sync(c);
    }
    this.scheduler.register({
      name: 'sim-events.stalls',
      intervalMs: STALL_CHECK_MS,
      run: () => this.checkStalls(Date.now()),
    });
  }

  onApplicationShutdown(): void {
    this.subscription?.unsubscribe();
    for (const id of [...this.sims.keys()]) {
      this.forget(id);
    }
    this.followers.endAll('the server is shutting down');
    this.eventsSubject.complete();
  }

  /** Simulations whose events are kept (for tests and /metrics). */
  get followedCount(): number {
    return this.sims.size;
  }

  /** The output a row opted in with, or null. */
  outputOf(c: SimulationContainer): SimEventOutput | null {
    const v = c.labels[this.label.events]?.trim().toLowerCase();
    return (SIM_EVENT_OUTPUTS as readonly string[]).includes(v ?? '')
      ? (v as SimEventOutput)
      : null;
  }

  /** A simulation's newest events (for failure notes), oldest first. */
  lastEvents(id: string, n: number): SimEvent[] {
    return this.sims.get(id)?.source.recent.last(n) ?? [];
  }

  page(ref: string, query: SimEventsQueryDto): SimEventsPage {
    const c = this.opted(ref);
    const sim = this.sims.get(c.id);
    const page = sim ? sim.source.recent.page(query) : { items: [], nextCursor: null };
    return { schema: SIM_EVENTS_SCHEMA, id: c.id, name: c.name, ...page };
  }

  /** events:follow: new events of one simulation as batches; says why not instead of throwing. */
  follow(ref: string, followerId: string, sink: EventsFollower): FollowAck {
    try {
      const c = this.opted(ref);
      this.followers.add(c.id, followerId, sink);
      return { ok: true, id: c.id };
    } catch (err) {
      return { ok: false, id: ref, error: (err as Error).message };
    }
  }

  unfollow(ref: string, followerId: string): void {
    this.followers.remove(this.inventory.resolve(ref)?.id ?? ref, followerId);
  }

  release(followerId: string): void {
    this.followers.release(followerId);
  }

  /** The simulation by ref, when it prints events; 404 otherwise. */
  private opted(ref: string): SimulationContainer {
    const c = this.inventory.resolve(ref);
    if (!c) {
      throw new NotFoundException(`No simulation container '${ref}'`);
    }
    if (!this.outputOf(c)) {
      throw new NotFoundException(
        `${c.name} does not print events (label it ${this.label.events}=stdout|stderr|both)`,
      );
    }
    return c;
  }

  private sync(c: SimulationContainer): void {
    const output = this.outputOf(c);
    let sim = this.sims.get(c.id);
    if (!output) {
      if (sim) {
        this.forget(c.id);
      }
      return;
    }
    if (!sim) {
      if (this.sims.size >= this.settings.maxFollowed) {
        if (!this.overCapLogged) {
          this.overCapLogged = true;
          this.logger.warn(
            `more than ${this.settings.maxFollowed} simulations print events; ${c.name} and later ones are not followed`,
          );
        }
        return;
      }
      const source = new EventSource(c.id, output, this.settings.typeKeys, {
        events: (id, events) => this.received(id, events),
        closed: (id) => this.reopenSoon(id),
      });
      sim = { source, publishedAt: 0, timer: null, reopen: null, stall: null };
      this.sims.set(c.id, sim);
    }
    if (c.state !== 'running') {
      this.setStall(c.id, sim, null);
      return;
    }
    if (!sim.source.following) {
      const port = this.ports.portFor(c.id);
      if (port) {
        sim.source
          .open(port, this.inventory.tty(c.id) ?? false)
          .catch((err: unknown) =>
            this.logger.warn(`cannot follow the events of ${c.name}: ${(err as Error).message}`),
          );
      }
    }
  }

  private forget(id: string): void {
    const sim = this.sims.get(id);
    if (!sim) {
      return;
    }
    this.sims.delete(id);
    sim.source.close();
    if (sim.timer) {
      clearTimeout(sim.timer);
    }
    if (sim.reopen) {
      clearTimeout(sim.reopen);
    }
    this.followers.end(id, 'the simulation is gone');
  }

  /**
   * A follow ended: when its container still runs (the engine dropped the connection), it opens
   * again a second later, from the last line read; a stopped one waits for its next start.
   */
  private reopenSoon(id: string): void {
    const sim = this.sims.get(id);
    if (!sim || sim.reopen) {
      return;
    }
    sim.reopen = setTimeout(() => {
      sim.reopen = null;
      const c = this.inventory.get(id);
      if (c && this.sims.get(id) === sim) {
        this.sync(c);
      }
    }, REOPEN_MS);
  }

  private received(id: string, events: SimEvent[]): void {
    const sim = this.sims.get(id);
    if (!sim) {
      return;
    }
    this.followers.queue(id, events);
    this.eventsSubject.next({ id, events });
    this.setStall(id, sim, null);
    this.schedulePublish(id, sim);
  }

  /** The summary reaches the row now if the last update is a second old, else a second after it. */
  private schedulePublish(id: string, sim: Sim): void {
    if (sim.timer) {
      return;
    }
    const wait = Math.max(0, sim.publishedAt + SUMMARY_EVERY_MS - Date.now());
    const publish = (): void => {
      sim.timer = null;
      sim.publishedAt = Date.now();
      this.summaries.set(id, sim.source.tally.summary());
    };
    if (wait === 0) {
      publish();
    } else {
      sim.timer = setTimeout(publish, wait);
    }
  }

  /** Running simulations whose events went quiet for longer than their window are stalled. */
  checkStalls(nowMs: number): void {
    for (const [id, sim] of this.sims) {
      const c = this.inventory.get(id);
      if (!c || c.state !== 'running') {
        continue;
      }
      const tally = sim.source.tally;
      const window = stallWindowMs(c.labels[this.label.stallAfter], tally.recentGaps());
      const started = c.startedAt ? Date.parse(c.startedAt) : null;
      const silent = silentFor(nowMs, tally.lastEventAtMs, started, window);
      if (silent === null) {
        this.setStall(id, sim, null);
      } else if (!sim.stall || nowMs - sim.stall.at >= STALL_REASON_EVERY_MS) {
        this.setStall(id, sim, stallReason(silent, tally.ticksPerMinute()), nowMs);
      }
    }
  }

  private setStall(id: string, sim: Sim, reason: string | null, nowMs = Date.now()): void {
    if (reason === null && sim.stall === null) {
      return;
    }
    sim.stall = reason === null ? null : { reason, at: nowMs };
    this.stalls.set(id, reason);
  }
}
