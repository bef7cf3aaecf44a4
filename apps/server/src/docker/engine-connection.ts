import { Logger } from '@nestjs/common';
import type { DockerDiagnosis, EngineInfo, SourceState } from '@simscope/contracts';
import { Subject } from 'rxjs';
import type { DockerPort } from '../adapters/docker/docker.port.js';
import type { DockerEvent, EventSubscription } from '../adapters/docker/docker.types.js';
import { diagnose } from './diagnose.js';

const BACKOFF_MIN_MS = 250;
const BACKOFF_MAX_MS = 10_000;

export interface ConnectionHooks {
  onEvent(e: DockerEvent): void;
  /** After subscribing: bring the inventory up to date (a list); throwing counts as a failure. */
  onConnected(): Promise<void>;
}

/**
 * One engine's connection: subscribes to its events before anything else, retries with backoff
 * (250 ms doubling to 10 s) when the engine goes away, and keeps the source state — live, stale
 * (had data, lost it) or unavailable (never had it) with a diagnosis. Knows nothing of containers.
 */
export class EngineConnection {
  private readonly logger: Logger;
  private subscription: EventSubscription | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private backoff = BACKOFF_MIN_MS;
  private stopped = false;
  private connecting: Promise<void> | null = null;
  private state: SourceState = { status: 'unavailable', lastSuccessAt: null };
  private readonly changes = new Subject<SourceState>();
  /** The state each time its status or diagnosis changes (not on every success). */
  readonly changes$ = this.changes.asObservable();
  info: EngineInfo | null = null;
  /** The diagnosis code last logged (null: "following" was logged; undefined: nothing yet). */
  private loggedCode: string | null | undefined;

  constructor(
    readonly host: string,
    private readonly docker: DockerPort,
    private readonly hooks: ConnectionHooks,
    /** The operator named the endpoint (so a diagnosis does not blame the default socket). */
    private readonly endpointConfigured: boolean,
    /** Whose connection it is, in the logs. */
    logContext = `EngineWatcher ${host}`,
  ) {
    this.logger = new Logger(logContext);
  }

  get source(): SourceState {
    return this.state;
  }

  get live(): boolean {
    return this.state.status === 'live';
  }

  connect(): Promise<void> {
    this.connecting ??= this.doConnect().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  /** Reconnect now, from the shortest backoff ("retry now"). */
  reconnect(): Promise<void> {
    this.backoff = BACKOFF_MIN_MS;
    return this.connect();
  }

  /** A successful read: the engine is live. */
  markLive(): void {
    this.setState({ status: 'live', lastSuccessAt: new Date().toISOString() });
  }

  /** A failed read: stale or unavailable with a diagnosis, and a retry after the backoff. */
  fail(err: unknown): void {
    const diagnosis = {
      ...diagnose(err, this.docker.endpoint, this.endpointConfigured, new Date()),
      host: this.host,
    };
    this.markDown(diagnosis);
    this.scheduleRetry(this.backoff);
    this.backoff = Math.min(this.backoff * 2, BACKOFF_MAX_MS);
  }

  stop(): void {
    this.stopped = true;
    this.subscription?.close();
    if (this.retryTimer) {
      clearTimeout(this.retryTimer);
    }
    this.changes.complete();
  }

  private async doConnect(): Promise<void> {
    if (this.stopped) {
      return;
    }
    try {
      this.subscription?.close();
      // Subscribe before listing, so nothing that happens between the two is missed.
      this.subscription = await this.docker.subscribeEvents({
        onEvent: (e) => this.hooks.onEvent(e),
        onClose: (err) => this.onStreamClosed(err),
      });
      const [info, version] = await Promise.all([this.docker.info(), this.docker.version()]);
      this.info = { ...info, apiVersion: version.apiVersion };
      await this.hooks.onConnected();
      this.backoff = BACKOFF_MIN_MS;
      this.logger.log(`Following Docker at ${this.docker.endpoint} (${info.serverVersion})`);
      this.loggedCode = null;
    } catch (err) {
      this.subscription?.close();
      this.subscription = null;
      this.fail(err);
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

  private markDown(diagnosis: DockerDiagnosis): void {
    const prev = this.state;
    const hadData = prev.lastSuccessAt !== null;
    this.setState({
      status: hadData ? 'stale' : 'unavailable',
      lastSuccessAt: prev.lastSuccessAt,
      ...(hadData ? { staleSince: prev.staleSince ?? diagnosis.at } : {}),
      diagnosis,
    });
    // Once at start and on each change, not at every retry of the backoff.
    if (diagnosis.code !== this.loggedCode) {
      this.loggedCode = diagnosis.code;
      this.logger.warn(
        `Docker at ${diagnosis.endpoint} unreachable (${diagnosis.code}): ${diagnosis.error}. ${diagnosis.remediation}`,
      );
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

  private setState(next: SourceState): void {
    const prev = this.state;
    this.state = next;
    if (prev.status !== next.status || prev.diagnosis?.code !== next.diagnosis?.code) {
      this.changes.next(next);
    }
  }
}
