import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import type { RuntimeHealthPayload } from '@simscope/contracts';
import { EMPTY, catchError, from, merge, switchMap, timer } from 'rxjs';
import { LiveDataService } from '../core/live-data.service';
import { SIMSCOPE_CLIENT } from '../core/simscope-client';
import { Clock } from '../shared/clock';
import { formatBytes } from '../shared/format';

const POLL_MS = 5000;

/** How the simscope server itself is doing: guard mode, event loop, memory, sockets, Docker. */
@Component({
  selector: 'sim-runtime-dashboard',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>Runtime</h1>
    @if (health(); as h) {
      <section
        class="banner mode-{{ h.mode }}"
        [class.ok]="h.mode === 'normal'"
        [class.warn]="h.mode === 'degraded'"
        [class.bad]="h.mode === 'critical'"
        data-testid="guard-mode"
        aria-live="polite"
      >
        <strong>Guard mode: {{ h.mode }}</strong>
        <span class="muted"
          >since {{ clock.ago(h.since) }} · sampled {{ clock.ago(h.sampledAt) }}</span
        >
        @for (r of h.reasons; track r) {
          <span class="reason">{{ r }}</span>
        }
      </section>
      <div class="grid">
        <section class="panel">
          <h2>Event loop</h2>
          <dl>
            <dt>p50 / p99 / max</dt>
            <dd>
              {{ h.probes.eventLoop.p50Ms.toFixed(1) }} /
              {{ h.probes.eventLoop.p99Ms.toFixed(1) }} /
              {{ h.probes.eventLoop.maxMs.toFixed(1) }} ms
            </dd>
            <dt>utilisation</dt>
            <dd>{{ pct(h.probes.eventLoop.utilization) }}</dd>
            <dt>process CPU</dt>
            <dd>{{ h.probes.cpu.processPercent.toFixed(1) }} %</dd>
          </dl>
          <p class="muted small">
            degraded above {{ h.thresholds.eventLoopP99DegradedMs }} ms p99, critical above
            {{ h.thresholds.eventLoopP99CriticalMs }} ms
          </p>
        </section>
        <section class="panel">
          <h2>Memory</h2>
          <dl>
            <dt>heap</dt>
            <dd>
              {{ bytes(h.probes.memory.heapUsedBytes) }} of
              {{ bytes(h.probes.memory.heapLimitBytes) }}
            </dd>
            <dt>RSS</dt>
            <dd>
              {{ bytes(h.probes.memory.rssBytes)
              }}{{
                h.probes.memory.rssLimitBytes ? ' of ' + bytes(h.probes.memory.rssLimitBytes) : ''
              }}
            </dd>
            <dt>share</dt>
            <dd>{{ pct(h.probes.memory.share) }}</dd>
          </dl>
          <meter
            min="0"
            max="1"
            [value]="h.probes.memory.share"
            [attr.low]="h.thresholds.memoryShareDegraded"
            [attr.high]="h.thresholds.memoryShareCritical"
            optimum="0"
            aria-label="Memory share"
          ></meter>
        </section>
        <section class="panel">
          <h2>WebSocket clients</h2>
          <p class="big" data-testid="ws-clients">
            {{ h.probes.websocket.clients }}
            <span class="muted">/ {{ h.probes.websocket.max }}</span>
          </p>
          <meter
            min="0"
            max="1"
            [value]="h.probes.websocket.saturation"
            [attr.low]="h.thresholds.wsSaturationDegraded"
            [attr.high]="h.thresholds.wsSaturationCritical"
            optimum="0"
            aria-label="WebSocket saturation"
          ></meter>
        </section>
        <section class="panel">
          <h2>Docker</h2>
          <dl>
            <dt>status</dt>
            <dd data-testid="docker-source">{{ h.probes.docker.status }}</dd>
            <dt>containers tracked</dt>
            <dd>{{ h.probes.docker.inventorySize }}</dd>
            <dt>last event</dt>
            <dd>
              {{
                h.probes.docker.lastEventAgeMs == null
                  ? 'none yet'
                  : seconds(h.probes.docker.lastEventAgeMs) + ' ago'
              }}
            </dd>
            <dt>last reconcile</dt>
            <dd>
              {{
                h.probes.docker.lastReconcileMs == null
                  ? '—'
                  : h.probes.docker.lastReconcileMs.toFixed(0) + ' ms'
              }}
            </dd>
          </dl>
          @if (dockerStatus(); as d) {
            <p class="muted small">
              {{ d.engine?.name ?? 'no engine' }} · <code>{{ d.endpoint }}</code>
              @if (d.source.diagnosis; as diag) {
                · {{ diag.code }}: {{ diag.remediation }}
              }
            </p>
          }
          @if ((h.probes.docker.engines ?? []).length > 1) {
            <table class="data engines" data-testid="engines">
              <thead>
                <tr>
                  <th scope="col">Engine</th>
                  <th scope="col">Status</th>
                  <th scope="col">Last event</th>
                  <th scope="col">Reconcile</th>
                </tr>
              </thead>
              <tbody>
                @for (e of h.probes.docker.engines; track e.name) {
                  <tr>
                    <td class="mono">{{ e.name }}</td>
                    <td>{{ e.status }}</td>
                    <td>
                      {{ e.lastEventAgeMs == null ? '—' : seconds(e.lastEventAgeMs) + ' ago' }}
                    </td>
                    <td>
                      {{ e.lastReconcileMs == null ? '—' : e.lastReconcileMs.toFixed(0) + ' ms' }}
                    </td>
                  </tr>
                }
              </tbody>
            </table>
          }
        </section>
        <section class="panel">
          <h2>Host</h2>
          <dl>
            <dt>CPUs / load</dt>
            <dd>{{ h.probes.host.cpus }} / {{ h.probes.host.loadAverage[0].toFixed(2) }}</dd>
            <dt>host CPU</dt>
            <dd>
              {{
                h.probes.host.cpuPercent == null ? '—' : h.probes.host.cpuPercent.toFixed(0) + ' %'
              }}
            </dd>
            <dt>memory available</dt>
            <dd>
              {{ bytes(h.probes.host.memAvailableBytes) }} of
              {{ bytes(h.probes.host.memTotalBytes) }}
            </dd>
            <dt>log errors</dt>
            <dd>
              {{ h.probes.log.errorLines }} of {{ h.probes.log.lines }} lines ({{
                h.probes.log.windowSeconds
              }}
              s)
            </dd>
          </dl>
        </section>
      </div>
      <section class="panel tasks">
        <h2>Scheduled work</h2>
        <table class="data">
          <thead>
            <tr>
              <th scope="col">Task</th>
              <th scope="col">Interval now</th>
              <th scope="col">Last run</th>
              <th scope="col">Took</th>
              <th scope="col">Skipped</th>
            </tr>
          </thead>
          <tbody>
            @for (t of h.tasks; track t.name) {
              <tr>
                <td class="mono">{{ t.name }}{{ t.expensive ? ' (expensive)' : '' }}</td>
                <td>
                  {{ seconds(t.effectiveIntervalMs)
                  }}{{
                    t.effectiveIntervalMs !== t.baseIntervalMs
                      ? ' (base ' + seconds(t.baseIntervalMs) + ')'
                      : ''
                  }}
                </td>
                <td>{{ clock.ago(t.lastRunAt) }}</td>
                <td>{{ t.lastDurationMs == null ? '—' : t.lastDurationMs.toFixed(0) + ' ms' }}</td>
                <td>{{ t.skipped }}</td>
              </tr>
            }
          </tbody>
        </table>
      </section>
    } @else {
      <p class="muted">Waiting for the server's health sample…</p>
    }
    <section class="panel tasks">
      <h2>Recent guard events</h2>
      <ul class="events" aria-live="polite" data-testid="guard-events">
        @for (e of guardEvents(); track $index) {
          <li>
            <span class="chip">{{ e.mode }}</span> skipped <code>{{ e.task }}</code>{{
              e.count > 1 ? ' ×' + e.count : ''
            }}
            — {{ e.reason }} <span class="muted">{{ clock.ago(e.at) }}</span>
          </li>
        } @empty {
          <li class="muted">None since the console connected.</li>
        }
      </ul>
    </section>
  `,
  styles: `
    h1 {
      margin-bottom: 0.75rem;
    }
    .grid {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(280px, 1fr));
      gap: 0.75rem;
      margin: 0.75rem 0;
    }
    dl {
      display: grid;
      grid-template-columns: max-content 1fr;
      gap: 0.2rem 0.8rem;
      margin: 0;
    }
    dt {
      color: var(--muted);
    }
    dd {
      margin: 0;
      font-variant-numeric: tabular-nums;
    }
    .big {
      font-size: 1.6rem;
      font-weight: 650;
      margin: 0.2rem 0 0.4rem;
    }
    meter {
      width: 100%;
    }
    .small {
      font-size: 0.8rem;
      margin: 0.5rem 0 0;
    }
    .reason {
      flex-basis: 100%;
    }
    .tasks {
      margin-top: 0.75rem;
    }
    .engines {
      margin-top: 0.5rem;
    }
    .events {
      margin: 0;
      padding-left: 1rem;
    }
  `,
})
export class RuntimeDashboard {
  private readonly live = inject(LiveDataService);
  private readonly client = inject(SIMSCOPE_CLIENT);
  protected readonly clock = inject(Clock);
  protected readonly bytes = formatBytes;

  /** Pushed samples when live, and a REST poll so the page works without the socket too. */
  protected readonly health = toSignal<RuntimeHealthPayload | null>(
    merge(
      this.live.health$,
      timer(0, POLL_MS).pipe(
        switchMap(() => from(this.client.runtimeHealth()).pipe(catchError(() => EMPTY))),
      ),
    ),
    { initialValue: null },
  );
  protected readonly guardEvents = toSignal(this.live.guardEvents$, { requireSync: true });
  private readonly state = toSignal(this.live.state$, { requireSync: true });
  protected readonly dockerStatus = computed(() => this.state().status);

  protected pct(share: number): string {
    return `${(share * 100).toFixed(0)} %`;
  }

  protected seconds(ms: number): string {
    return ms >= 10_000 ? `${Math.round(ms / 1000)} s` : `${(ms / 1000).toFixed(1)} s`;
  }
}
