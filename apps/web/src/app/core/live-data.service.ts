import { Injectable, InjectionToken, inject, type OnDestroy } from '@angular/core';
import {
  LiveInventory,
  type CapacityRefusal,
  type DockerSimulationsPayload,
  type DockerStatusPayload,
  type DockerUsagePayload,
  type LogLine,
  type MetaOpsEvent,
  type StatsSample,
  type RuntimeHealthPayload,
  type SimulationGuardEvent,
} from '@simscope/contracts';
import {
  BehaviorSubject,
  Observable,
  Subject,
  distinctUntilChanged,
  filter,
  map,
  switchMap,
} from 'rxjs';
import { LIVE_SOCKET_FACTORY, capacityRefusal, type TypedSocket } from './live-socket';
import { SIMSCOPE_CLIENT } from './simscope-client';

export type LogsEvent =
  | ({ kind: 'chunk' } & { id: string; lines: LogLine[]; dropped: number })
  | { kind: 'end'; id: string; reason: string };

/** live: the socket delivers; polling: REST every few seconds; offline: neither answers. */
export type ConnectionMode = 'connecting' | 'live' | 'polling' | 'offline';

export interface LiveState {
  mode: ConnectionMode;
  inventory: DockerSimulationsPayload | null;
  status: DockerStatusPayload | null;
  /** When the inventory last changed or was confirmed (epoch ms). */
  lastUpdateAt: number | null;
  /** Why the socket is not in use: the server's capacity refusal, or the error. */
  refusal: CapacityRefusal | null;
  error: string | null;
  /** When the next socket attempt is due (epoch ms), while not live. */
  nextSocketAttemptAt: number | null;
  /** Sequence gaps seen (each followed by a resync). */
  gaps: number;
}

export interface LiveDataOptions {
  pollMs: number;
  backoffMinMs: number;
  backoffMaxMs: number;
  /** 0..1: each socket retry delay is spread by up to this share, so consoles do not retry in step. */
  jitter: number;
  guardEventsKept: number;
}

export const LIVE_DATA_OPTIONS = new InjectionToken<LiveDataOptions>('LIVE_DATA_OPTIONS', {
  providedIn: 'root',
  factory: () => ({
    pollMs: 5000,
    backoffMinMs: 1000,
    backoffMaxMs: 30_000,
    jitter: 0.2,
    guardEventsKept: 50,
  }),
});

const INITIAL: LiveState = {
  mode: 'connecting',
  inventory: null,
  status: null,
  lastUpdateAt: null,
  refusal: null,
  error: null,
  nextSocketAttemptAt: null,
  gaps: 0,
};

/**
 * The console's one source of Docker data: a snapshot and deltas over Socket.IO (with gap resync by
 * the shared LiveInventory helper), falling back to polling the REST API when the socket cannot
 * connect, is refused or drops, and switching back as soon as a retried socket connects.
 */
@Injectable({ providedIn: 'root' })
export class LiveDataService implements OnDestroy {
  private readonly client = inject(SIMSCOPE_CLIENT);
  private readonly socketFactory = inject(LIVE_SOCKET_FACTORY);
  private readonly options = inject(LIVE_DATA_OPTIONS);

  private readonly stateSubject = new BehaviorSubject<LiveState>(INITIAL);
  private readonly healthSubject = new BehaviorSubject<RuntimeHealthPayload | null>(null);
  private readonly guardEventsSubject = new BehaviorSubject<SimulationGuardEvent[]>([]);
  private readonly metaSubject = new Subject<MetaOpsEvent>();
  private readonly usageSubject = new BehaviorSubject<DockerUsagePayload | null>(null);
  private readonly statsSubject = new Subject<StatsSample>();
  private readonly logsSubject = new Subject<LogsEvent>();

  readonly state$: Observable<LiveState> = this.stateSubject.asObservable();
  readonly mode$ = this.state$.pipe(
    map((s) => s.mode),
    distinctUntilChanged(),
  );
  /** Runtime health as the server pushes it (live mode only; pages poll when they need more). */
  readonly health$ = this.healthSubject.asObservable();
  /** The most recent `simulation_guard` events, newest first. */
  readonly guardEvents$ = this.guardEventsSubject.asObservable();
  readonly meta$ = this.metaSubject.asObservable();
  /** Every running simulation's latest sample (the server's background sweep). */
  readonly usage$ = this.usageSubject.asObservable();

  private socket: TypedSocket | null = null;
  private inventory: LiveInventory | null = null;
  private pollTimer: ReturnType<typeof setInterval> | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private backoff: number;
  private polling = false;
  private stopped = false;

  constructor() {
    this.backoff = this.options.backoffMinMs;
    this.openSocket();
  }

  get snapshot(): LiveState {
    return this.stateSubject.value;
  }

  ngOnDestroy(): void {
    this.stopped = true;
    this.closeSocket();
    this.stopPolling();
    this.clearRetry();
  }

  /** Asks the server to reconcile (or reconnect to Docker) now; the result arrives as data. */
  async retryDocker(): Promise<DockerStatusPayload> {
    const status = await this.client.reconcile();
    this.patch({ status });
    if (this.snapshot.mode !== 'live') {
      await this.pollOnce();
    }
    return status;
  }

  /** Tries the socket again now instead of waiting for the backoff. */
  reconnectNow(): void {
    if (this.snapshot.mode === 'live' || this.stopped) {
      return;
    }
    this.clearRetry();
    this.openSocket();
  }

  private openSocket(): void {
    this.closeSocket();
    const socket = this.socketFactory();
    this.socket = socket;
    const inventory = new LiveInventory(socket);
    this.inventory = inventory;
    inventory.subscribe((payload) => {
      this.patch({ inventory: payload, lastUpdateAt: Date.now(), gaps: inventory.gaps });
    });
    // Registered after the helper's own listener, so a gap it just detected is counted here.
    socket.on('docker_simulations:delta', () => {
      if (inventory.gaps !== this.snapshot.gaps) {
        this.patch({ gaps: inventory.gaps });
      }
    });
    socket.on('connect', () => this.onConnect());
    socket.on('connect_error', (err) => this.onSocketFailure(err, capacityRefusal(err)));
    socket.on('disconnect', (reason) => {
      if (reason !== 'io client disconnect') {
        this.onSocketFailure(new Error(`connection lost (${reason})`), null);
      }
    });
    socket.on('docker_status', (status) => this.patch({ status, lastUpdateAt: Date.now() }));
    socket.on('runtime_health', (health) => this.healthSubject.next(health));
    socket.on('simulation_guard', (event) =>
      this.guardEventsSubject.next(
        [event, ...this.guardEventsSubject.value].slice(0, this.options.guardEventsKept),
      ),
    );
    socket.on('meta_ops', (event) => this.metaSubject.next(event));
    socket.on('docker_usage', (usage) => this.usageSubject.next(usage));
    socket.on('container_stats', (e) => e.samples.forEach((s) => this.statsSubject.next(s)));
    socket.on('logs:chunk', (chunk) => this.logsSubject.next({ kind: 'chunk', ...chunk }));
    socket.on('logs:end', (end) => this.logsSubject.next({ kind: 'end', ...end }));
  }

  /**
   * Live stats of one simulation while subscribed: the history so far, then each new sample (the
   * last 60). Watches again after a reconnect; nothing while the console polls.
   */
  watchStats(id: string): Observable<StatsSample[]> {
    return this.whileLive(
      (socket) =>
        new Observable<StatsSample[]>((sub) => {
          let samples: StatsSample[] = [];
          const own = this.statsSubject
            .pipe(filter((s) => s.id === id))
            .subscribe((s) => sub.next((samples = [...samples, s].slice(-60))));
          socket.emit('watch_container', { id }, (ack) => {
            if (ack.ok) {
              samples = [...ack.samples, ...samples].slice(-60);
              sub.next(samples);
            }
          });
          return () => {
            own.unsubscribe();
            socket.emit('unwatch_container', { id });
          };
        }),
    );
  }

  /** New log lines of one simulation while subscribed (live only). */
  followLogs(id: string): Observable<LogsEvent> {
    return this.whileLive(
      (socket) =>
        new Observable<LogsEvent>((sub) => {
          const own = this.logsSubject.pipe(filter((e) => e.id === id)).subscribe(sub);
          socket.emit('logs:follow', { id }, (ack) => {
            if (!ack.ok) {
              sub.next({ kind: 'end', id, reason: ack.error ?? 'refused' });
            }
          });
          return () => {
            own.unsubscribe();
            socket.emit('logs:unfollow', { id });
          };
        }),
    );
  }

  /** Runs `open` on the socket each time the console is live (again), tearing down when not. */
  private whileLive<T>(open: (socket: TypedSocket) => Observable<T>): Observable<T> {
    return this.mode$.pipe(
      switchMap((mode) => {
        const socket = this.socket;
        return mode === 'live' && socket ? open(socket) : new Observable<T>();
      }),
    );
  }

  private closeSocket(): void {
    this.inventory?.close();
    this.inventory = null;
    if (this.socket) {
      this.socket.removeAllListeners();
      this.socket.disconnect();
      this.socket = null;
    }
  }

  private onConnect(): void {
    this.backoff = this.options.backoffMinMs;
    this.clearRetry();
    this.stopPolling();
    this.patch({ mode: 'live', refusal: null, error: null, nextSocketAttemptAt: null });
  }

  private onSocketFailure(err: unknown, refusal: CapacityRefusal | null): void {
    if (this.stopped) {
      return;
    }
    this.closeSocket();
    const message = refusal
      ? `The server refused a live connection (${refusal.scope ?? 'global'} cap ${refusal.current}/${refusal.max})`
      : err instanceof Error
        ? err.message
        : String(err);
    const wait = Math.max(this.nextBackoff(), refusal?.retryAfterMs ?? 0);
    this.patch({ refusal, error: message, nextSocketAttemptAt: Date.now() + wait });
    this.scheduleRetry(wait);
    this.startPolling();
  }

  private nextBackoff(): number {
    const base = this.backoff;
    this.backoff = Math.min(this.backoff * 2, this.options.backoffMaxMs);
    const spread = base * this.options.jitter;
    return Math.round(base - spread + Math.random() * 2 * spread);
  }

  private scheduleRetry(delayMs: number): void {
    this.clearRetry();
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.openSocket();
    }, delayMs);
  }

  private clearRetry(): void {
    if (this.retryTimer) {
      clearTimeout(this.retryTimer);
      this.retryTimer = null;
    }
  }

  private startPolling(): void {
    if (this.polling) {
      return;
    }
    this.polling = true;
    if (this.snapshot.mode !== 'offline') {
      this.patch({ mode: 'polling' });
    }
    void this.pollOnce();
    this.pollTimer = setInterval(() => void this.pollOnce(), this.options.pollMs);
  }

  private stopPolling(): void {
    this.polling = false;
    if (this.pollTimer) {
      clearInterval(this.pollTimer);
      this.pollTimer = null;
    }
  }

  private async pollOnce(): Promise<void> {
    try {
      const [inventory, status, usage] = await Promise.all([
        this.client.simulations(),
        this.client.dockerStatus(),
        this.client.usage().catch(() => null),
      ]);
      if (usage) {
        this.usageSubject.next(usage);
      }
      // A socket that connected meanwhile is newer than this answer.
      if (this.polling) {
        this.patch({ mode: 'polling', inventory, status, lastUpdateAt: Date.now() });
      }
    } catch (err) {
      if (this.polling) {
        this.patch({
          mode: 'offline',
          error: `The simscope server is not answering: ${err instanceof Error ? err.message : String(err)}`,
        });
      }
    }
  }

  private patch(change: Partial<LiveState>): void {
    this.stateSubject.next({ ...this.stateSubject.value, ...change });
  }
}
