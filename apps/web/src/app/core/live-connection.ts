import { Injectable, InjectionToken, inject, signal, type OnDestroy } from '@angular/core';
import type { CapacityRefusal } from '@simscope/contracts';
import { BehaviorSubject, Observable, distinctUntilChanged, map, switchMap } from 'rxjs';
import { LIVE_SOCKET_FACTORY, capacityRefusal, type TypedSocket } from './live-socket';

/** live: the socket delivers; polling: REST every few seconds; offline: neither answers. */
export type ConnectionMode = 'connecting' | 'live' | 'polling' | 'offline';

export interface ConnectionState {
  mode: ConnectionMode;
  /** When any feed last received or confirmed its data (epoch ms): the page's own data or not. */
  lastUpdateAt: number | null;
  /** Why the socket is not in use: the server's capacity refusal, or the error. */
  refusal: CapacityRefusal | null;
  error: string | null;
  /** When the next socket attempt is due (epoch ms), while not live. */
  nextSocketAttemptAt: number | null;
}

/**
 * What a feature store plugs into the connection. `attach` runs for every new socket before it
 * connects (register listeners there; the socket is discarded after, listeners and all). `poll`
 * runs while the socket is down: it fetches over REST and returns what to apply, which the
 * connection applies only if it is still polling (a socket that connected meanwhile is newer).
 */
export interface LiveFeed {
  attach?(socket: TypedSocket): void;
  poll?(): Promise<() => void>;
}

export interface LiveConnectionOptions {
  pollMs: number;
  backoffMinMs: number;
  backoffMaxMs: number;
  /** 0..1: each socket retry delay is spread by up to this share, so consoles do not retry in step. */
  jitter: number;
}

export const LIVE_CONNECTION_OPTIONS = new InjectionToken<LiveConnectionOptions>(
  'LIVE_CONNECTION_OPTIONS',
  {
    providedIn: 'root',
    factory: () => ({ pollMs: 5000, backoffMinMs: 1000, backoffMaxMs: 30_000, jitter: 0.2 }),
  },
);

const INITIAL: ConnectionState = {
  mode: 'connecting',
  lastUpdateAt: null,
  refusal: null,
  error: null,
  nextSocketAttemptAt: null,
};

/**
 * The console's one connection to the server: a Socket.IO connection (one attempt at a time, with
 * jittered exponential backoff and the server's retryAfterMs honoured), falling back to polling the
 * REST API through each feed while the socket cannot connect, is refused or drops, and switching
 * back as soon as a retried socket connects. It knows no feature's data: feeds bring their own.
 */
@Injectable({ providedIn: 'root' })
export class LiveConnection implements OnDestroy {
  private readonly socketFactory = inject(LIVE_SOCKET_FACTORY);
  private readonly options = inject(LIVE_CONNECTION_OPTIONS);

  private readonly stateSignal = signal<ConnectionState>(INITIAL);
  readonly state = this.stateSignal.asReadonly();
  private readonly modeSubject = new BehaviorSubject<ConnectionMode>(INITIAL.mode);
  readonly mode$: Observable<ConnectionMode> = this.modeSubject.pipe(distinctUntilChanged());

  private readonly feeds = new Set<LiveFeed>();
  private socket: TypedSocket | null = null;
  private pollTimer: ReturnType<typeof setInterval> | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private backoff: number;
  private polling = false;
  private stopped = false;

  constructor() {
    this.backoff = this.options.backoffMinMs;
    this.openSocket();
  }

  get mode(): ConnectionMode {
    return this.stateSignal().mode;
  }

  ngOnDestroy(): void {
    this.stopped = true;
    this.closeSocket();
    this.stopPolling();
    this.clearRetry();
  }

  /** Plugs a feed in: attached to the current socket now (and every later one), polled while down. */
  register(feed: LiveFeed): void {
    this.feeds.add(feed);
    if (this.socket) {
      feed.attach?.(this.socket);
    }
    if (this.polling) {
      void this.pollOnce();
    }
  }

  /** A feed received or confirmed its data now. */
  markUpdated(): void {
    this.patch({ lastUpdateAt: Date.now() });
  }

  /** Tries the socket again now instead of waiting for the backoff. */
  reconnectNow(): void {
    if (this.mode === 'live' || this.stopped) {
      return;
    }
    this.clearRetry();
    this.openSocket();
  }

  /** One REST round for every feed now, when not live (after a write, say). */
  async refreshNow(): Promise<void> {
    if (this.mode !== 'live') {
      await this.pollOnce();
    }
  }

  /** Runs `open` on the socket each time the console is live (again), tearing down when not. */
  whileLive<T>(open: (socket: TypedSocket) => Observable<T>): Observable<T> {
    return this.mode$.pipe(
      map((mode) => (mode === 'live' ? this.socket : null)),
      switchMap((socket) => (socket ? open(socket) : new Observable<T>())),
    );
  }

  private openSocket(): void {
    this.closeSocket();
    const socket = this.socketFactory();
    this.socket = socket;
    for (const feed of this.feeds) {
      feed.attach?.(socket);
    }
    socket.on('connect', () => this.onConnect());
    socket.on('connect_error', (err) => this.onSocketFailure(err, capacityRefusal(err)));
    socket.on('disconnect', (reason) => {
      if (reason !== 'io client disconnect') {
        this.onSocketFailure(new Error(`connection lost (${reason})`), null);
      }
    });
  }

  private closeSocket(): void {
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
    if (this.mode !== 'offline') {
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
      const apply = await Promise.all([...this.feeds].flatMap((f) => (f.poll ? [f.poll()] : [])));
      if (this.polling) {
        apply.forEach((a) => a());
        this.patch({ mode: 'polling', lastUpdateAt: Date.now() });
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

  private patch(change: Partial<ConnectionState>): void {
    const next = { ...this.stateSignal(), ...change };
    this.stateSignal.set(next);
    this.modeSubject.next(next.mode);
  }
}
