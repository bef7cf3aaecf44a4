import { Injectable } from '@nestjs/common';
import { PHASES, type HostSummary } from '@simscope/contracts';
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { DockerStatusService } from '../docker/docker-status.service.js';
import { InventoryReader } from '../docker/inventory-reader.js';
import { ConnectionCapsService } from '../live/connection-caps.service.js';
import { LiveStreamService } from '../live/live-stream.service.js';
import { GuardService } from '../runtime/guard.service.js';
import { WebhookService } from '../meta/webhook.service.js';
import { MetaStoreService } from '../meta/meta-store.service.js';
import { SETTING_NAMES } from '../config/settings.js';
import { AuthService } from '../auth/auth.service.js';

const MODES = ['normal', 'degraded', 'critical'] as const;

/** Prometheus metrics, read from the live objects at scrape time (no bookkeeping on hot paths). */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  constructor(
    source: InventoryReader,
    status: DockerStatusService,
    caps: ConnectionCapsService,
    live: LiveStreamService,
    guard: GuardService,
    webhooks: WebhookService,
    store: MetaStoreService,
    auth: AuthService,
  ) {
    collectDefaultMetrics({ register: this.registry });
    const r = [this.registry];
    new Gauge({
      name: 'simscope_containers',
      help: 'Simulation containers in the inventory, by phase and cluster',
      labelNames: ['phase', 'cluster'],
      registers: r,
      collect() {
        this.reset();
        const counts = new Map<string, number>();
        for (const c of source.rows()) {
          const key = `${c.phase}\u0000${c.cluster}`;
          counts.set(key, (counts.get(key) ?? 0) + 1);
        }
        for (const [key, n] of counts) {
          const [phase = '', cluster = ''] = key.split('\u0000');
          this.set({ phase, cluster }, n);
        }
      },
    });
    new Gauge({
      name: 'simscope_containers_by_phase',
      help: 'Simulation containers by phase (every phase, zeros included)',
      labelNames: ['phase'],
      registers: r,
      collect() {
        const counts = Object.fromEntries(PHASES.map((p) => [p, 0]));
        for (const c of source.rows()) {
          counts[c.phase] = (counts[c.phase] ?? 0) + 1;
        }
        PHASES.forEach((p) => this.set({ phase: p }, counts[p] ?? 0));
      },
    });
    new Gauge({
      name: 'simscope_websocket_clients',
      help: 'Connected websocket clients',
      registers: r,
      collect() {
        this.set(caps.caps.current);
      },
    });
    new Gauge({
      name: 'simscope_websocket_clients_max',
      help: 'The websocket client cap',
      registers: r,
      collect() {
        this.set(caps.caps.max);
      },
    });
    new Gauge({
      name: 'simscope_guard_mode',
      help: 'Guard mode: 1 for the current mode',
      labelNames: ['mode'],
      registers: r,
      collect() {
        MODES.forEach((m) => this.set({ mode: m }, guard.mode === m ? 1 : 0));
      },
    });
    new Gauge({
      name: 'simscope_docker_reachable',
      help: '1 when the Docker source is live',
      registers: r,
      collect() {
        this.set(source.source.status === 'live' ? 1 : 0);
      },
    });
    // Per configured engine: reachability, event lag, reconcile time.
    const perEngine = (name: string, help: string, read: (h: HostSummary) => number | null) =>
      new Gauge({
        name,
        help,
        labelNames: ['engine'],
        registers: r,
        collect() {
          this.reset();
          for (const h of source.hosts()) {
            const v = read(h);
            if (v !== null) {
              this.set({ engine: h.name }, v);
            }
          }
        },
      });
    perEngine('simscope_docker_engine_up', '1 when the engine is live', (h) =>
      h.status === 'live' ? 1 : 0,
    );
    perEngine('simscope_docker_engine_event_age_seconds', 'Since the engine’s last event', (h) =>
      h.lastEventAgeMs === null ? null : h.lastEventAgeMs / 1000,
    );
    perEngine(
      'simscope_docker_engine_reconcile_seconds',
      'Duration of the engine’s last reconcile',
      (h) => (h.lastReconcileMs === null ? null : h.lastReconcileMs / 1000),
    );
    perEngine(
      'simscope_docker_engine_containers',
      'Simulations on the engine',
      (h) => h.counts.total,
    );
    new Gauge({
      name: 'simscope_reconcile_duration_seconds',
      help: 'Duration of the last reconcile',
      registers: r,
      collect() {
        this.set((status.lastReconcileDurationMs ?? 0) / 1000);
      },
    });
    const counter = (name: string, help: string, read: () => number) =>
      new Counter({
        name,
        help,
        registers: r,
        collect() {
          this.reset();
          this.inc(read());
        },
      });
    /** A counter per label value, read from a tally the feature keeps (`{ reason: n }`). */
    const tally = (name: string, help: string, label: string, read: () => Record<string, number>) =>
      new Counter({
        name,
        help,
        labelNames: [label],
        registers: r,
        collect() {
          this.reset();
          for (const [value, n] of Object.entries(read())) {
            this.inc({ [label]: value }, n);
          }
        },
      });
    new Gauge({
      name: 'simscope_meta_skipped_lines',
      help: 'Lines of the record start-up could not use (kept in the .corrupt sidecar), by stream',
      labelNames: ['stream'],
      registers: r,
      collect() {
        for (const [stream, n] of Object.entries(store.skipped)) {
          this.set({ stream }, n);
        }
      },
    });
    tally(
      'simscope_webhook_deliveries_total',
      'Webhook deliveries by result',
      'result',
      () => webhooks.stats,
    );
    counter('simscope_docker_events_total', 'Docker events received', () => status.eventsReceived);
    counter(
      'simscope_deltas_sent_total',
      'Deltas broadcast to socket rooms',
      () => live.deltasSent,
    );
    counter(
      'simscope_live_parked_total',
      `Sockets parked because their outgoing queue passed ${SETTING_NAMES.maxBuffered}`,
      () => live.parked,
    );
    counter(
      'simscope_live_snapshots_merged_total',
      'Snapshot requests merged into one already queued for the socket',
      () => live.snapshotsMerged,
    );
    tally(
      'simscope_live_refusals_total',
      'Live-stream refusals and closes by reason (origin_not_allowed, unauthorized, rate_limited, watch_cap, event_dropped, forbidden, revoked)',
      'reason',
      () => live.refusals,
    );
    tally(
      'simscope_auth_failures_total',
      'Failed authentications by reason (invalid: a wrong key; rate_limited: refused after too many)',
      'reason',
      () => auth.failed,
    );
    counter(
      'simscope_live_bytes_sent_total',
      'Bytes of deltas and snapshots sent to sockets',
      () => live.bytesSent,
    );
  }

  metrics(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
