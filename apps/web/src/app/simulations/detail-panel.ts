import { ChangeDetectionStrategy, Component, computed, inject, input, output } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import type { SimulationContainer, SimulationDetail } from '@simscope/contracts';
import { catchError, distinctUntilChanged, from, map, of, startWith, switchMap } from 'rxjs';
import { SIMSCOPE_CLIENT } from '../core/simscope-client';
import { PhaseBadge } from '../shared/ui/phase-badge';
import { Sparkline } from '../shared/ui/sparkline';
import { UsageMeters } from '../shared/ui/usage-meters';
import { LiveDataService } from '../core/live-data.service';
import { LogPane } from './log-pane';
import { Clock } from '../shared/clock';
import { formatBytes } from '../shared/format';
import { uptime } from './view-model';

type DetailView =
  | { kind: 'loading' }
  | { kind: 'ok'; detail: SimulationDetail }
  | { kind: 'error'; message: string };

/**
 * One container in full: labels, networks, ports, restart policy, memory limit, health probes and
 * lifecycle transitions. Re-fetched whenever the live row for it changes.
 */
@Component({
  selector: 'sim-detail-panel',
  imports: [PhaseBadge, UsageMeters, Sparkline, LogPane],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let c = container();
    <aside class="panel detail" aria-labelledby="detail-title" data-testid="detail">
      <header>
        <h2 id="detail-title">{{ c.displayName }}</h2>
        <button type="button" (click)="close.emit()" aria-label="Close details">✕</button>
      </header>
      <p class="line">
        <sim-phase-badge [phase]="c.phase" [reasons]="c.reasons" />
        <span class="mono muted">{{ c.name }} · {{ c.shortId }}</span>
      </p>
      @if (c.reasons.length && !(c.reasons.length === 1 && c.reasons[0] === c.phase)) {
        <ul class="reasons">
          @for (r of c.reasons; track r) {
            <li>{{ r }}</li>
          }
        </ul>
      }
      <dl class="facts">
        <dt>Image</dt>
        <dd class="mono">{{ c.image }}</dd>
        <dt>State</dt>
        <dd>{{ c.state }}{{ c.exitCode != null ? ' (exit ' + c.exitCode + ')' : '' }}</dd>
        <dt>Uptime</dt>
        <dd>{{ uptimeText() }}</dd>
        <dt>Health</dt>
        <dd>{{ c.health }}</dd>
        <dt>Restarts</dt>
        <dd>{{ c.restartCount }}</dd>
        <dt>Cluster</dt>
        <dd>{{ c.cluster }}</dd>
        <dt>Experiment / role</dt>
        <dd>{{ c.experiment ?? '—' }} / {{ c.role ?? '—' }}</dd>
        <dt>Found by</dt>
        <dd>{{ c.discoveredBy }}</dd>
        <dt>Networks</dt>
        <dd>{{ c.networks.join(', ') || '—' }}</dd>
        <dt>Web UI</dt>
        <dd>
          @let route = c.route;
          @if (route.path === null) {
            <span class="muted">{{ route.reason }}</span>
          } @else {
            <a [href]="route.path" target="_blank" rel="noopener" data-testid="route-link">{{
              route.path
            }}</a>
            <span class="muted"> → port {{ route.port }}{{ route.targetPath }}</span>
          }
        </dd>
        <dt>Ports</dt>
        <dd>
          @for (p of c.ports; track $index) {
            <span class="chip"
              >{{ p.publicPort ? (p.ip ?? '') + ':' + p.publicPort + '→' : ''
              }}{{ p.privatePort }}/{{ p.type }}</span
            >
          } @empty {
            —
          }
        </dd>
        @if (detail(); as d) {
          <dt>Restart policy</dt>
          <dd>
            {{ d.restartPolicy.name || 'no'
            }}{{
              d.restartPolicy.maximumRetryCount
                ? ' (max ' + d.restartPolicy.maximumRetryCount + ')'
                : ''
            }}
          </dd>
          <dt>Memory limit</dt>
          <dd>{{ d.memoryLimitBytes ? bytes(d.memoryLimitBytes) : 'none' }}</dd>
        }
      </dl>

      @if (c.state === 'running') {
        <h3>Resources</h3>
        @if (stats().length; as n) {
          @let last = stats()[n - 1];
          <sim-usage-meters [sample]="last" />
          <div class="sparks" [class.hidden]="stats().length < 3">
            <span
              ><span class="muted">CPU %</span>
              <sim-sparkline [values]="cpuSeries()" name="CPU %" [width]="150" [height]="28"
            /></span>
            <span
              ><span class="muted">memory</span>
              <sim-sparkline [values]="memSeries()" name="memory" [width]="150" [height]="28"
            /></span>
          </div>
        } @else {
          <p class="muted">
            {{
              liveMode() === 'live'
                ? 'Sampling…'
                : 'Live resource samples need the live connection.'
            }}
          </p>
        }
      } @else if (c.limits) {
        <h3>Resources</h3>
      }
      @if (c.limits; as l) {
        <p class="muted small" data-testid="limits">
          limits: {{ l.cpus === null ? 'no CPU limit' : l.cpus + ' CPU'
          }}{{ l.cpuset ? ' (cpuset ' + l.cpuset + ')' : '' }} ·
          {{ l.memoryBytes === null ? 'no memory limit' : bytes(l.memoryBytes) }} ·
          {{ l.pids === null ? 'no pids limit' : l.pids + ' pids' }} — {{ c.limitsPolicy }}
        </p>
      }

      <h3>Output</h3>
      <sim-log-pane [containerId]="c.id" [running]="c.state === 'running'" />

      <h3>Labels</h3>
      <table class="data kv">
        <tbody>
          @for (l of labels(); track l[0]) {
            <tr>
              <th scope="row" class="mono">{{ l[0] }}</th>
              <td class="mono">{{ l[1] }}</td>
            </tr>
          } @empty {
            <tr>
              <td class="muted">none exposed</td>
            </tr>
          }
        </tbody>
      </table>

      @switch (view().kind) {
        @case ('loading') {
          <p class="muted">Loading health probes and transitions…</p>
        }
        @case ('error') {
          <p class="field-error" role="status">{{ errorText() }}</p>
        }
        @case ('ok') {
          @let d = detail()!;
          <h3>Recent health probes</h3>
          @if (d.healthLog.length) {
            <table class="data">
              <thead>
                <tr>
                  <th scope="col">At</th>
                  <th scope="col">Exit</th>
                  <th scope="col">Output</th>
                </tr>
              </thead>
              <tbody>
                @for (p of d.healthLog; track p.start) {
                  <tr [class.bad]="p.exitCode !== 0">
                    <td class="nowrap">{{ clock.ago(p.start) }}</td>
                    <td>{{ p.exitCode }}</td>
                    <td class="mono out">{{ p.output || '—' }}</td>
                  </tr>
                }
              </tbody>
            </table>
          } @else {
            <p class="muted">No healthcheck configured.</p>
          }
          <h3>Lifecycle transitions</h3>
          @if (d.transitions.length) {
            <table class="data">
              <thead>
                <tr>
                  <th scope="col">At</th>
                  <th scope="col">Event</th>
                  <th scope="col">Phase</th>
                </tr>
              </thead>
              <tbody>
                @for (t of d.transitions; track $index) {
                  <tr>
                    <td class="nowrap">{{ clock.ago(t.at) }}</td>
                    <td class="mono">
                      {{ t.action }}{{ t.exitCode != null ? ' (exit ' + t.exitCode + ')' : '' }}
                    </td>
                    <td>
                      {{ t.from ?? '—' }} → <strong>{{ t.to }}</strong>
                    </td>
                  </tr>
                }
              </tbody>
            </table>
          } @else {
            <p class="muted">None seen since simscope started.</p>
          }
        }
      }
    </aside>
  `,
  styles: `
    .detail {
      position: sticky;
      top: 0.5rem;
      max-height: calc(100vh - 5rem);
      overflow-y: auto;
    }
    header {
      display: flex;
      justify-content: space-between;
      align-items: center;
    }
    h2 {
      margin: 0;
      font-size: 1.05rem;
    }
    h3 {
      font-size: 0.85rem;
      margin: 1rem 0 0.35rem;
      color: var(--muted);
      text-transform: uppercase;
      letter-spacing: 0.04em;
    }
    .line {
      display: flex;
      gap: 0.6rem;
      align-items: center;
      flex-wrap: wrap;
    }
    .reasons {
      margin: 0.2rem 0 0.6rem;
      padding-left: 1.1rem;
    }
    .facts {
      display: grid;
      grid-template-columns: max-content 1fr;
      gap: 0.2rem 0.8rem;
      margin: 0.5rem 0;
    }
    dt {
      color: var(--muted);
    }
    dd {
      margin: 0;
      overflow-wrap: anywhere;
    }
    .kv th {
      width: 45%;
      font-weight: 500;
      color: var(--text);
    }
    .sparks.hidden {
      visibility: hidden;
    }
    .sparks {
      display: flex;
      gap: 1rem;
      flex-wrap: wrap;
      margin-top: 0.4rem;
      font-size: 0.8rem;
    }
    .small {
      font-size: 0.8rem;
    }
    .nowrap {
      white-space: nowrap;
    }
    .out {
      white-space: pre-wrap;
      overflow-wrap: anywhere;
    }
    tr.bad td {
      color: var(--bad);
    }
  `,
})
export class DetailPanel {
  readonly container = input.required<SimulationContainer>();
  readonly close = output();
  private readonly client = inject(SIMSCOPE_CLIENT);
  protected readonly clock = inject(Clock);
  protected readonly bytes = formatBytes;

  private shownId: string | null = null;

  /** Loading shows only when another container is opened; updates of the same one swap in place. */
  protected readonly view = toSignal(
    toObservable(this.container).pipe(
      switchMap((c) => {
        const fresh = c.id !== this.shownId;
        this.shownId = c.id;
        const request = from(this.client.simulation(c.id)).pipe(
          map((detail): DetailView => ({ kind: 'ok', detail })),
          catchError((err: unknown) =>
            of<DetailView>({
              kind: 'error',
              message: err instanceof Error ? err.message : String(err),
            }),
          ),
        );
        return fresh ? request.pipe(startWith<DetailView>({ kind: 'loading' })) : request;
      }),
    ),
    { initialValue: { kind: 'loading' } },
  );
  protected readonly detail = computed(() => {
    const v = this.view();
    return v.kind === 'ok' ? v.detail : null;
  });
  protected readonly errorText = computed(() => {
    const v = this.view();
    return v.kind === 'error' ? `Could not load details: ${v.message}` : '';
  });
  protected readonly labels = computed(() =>
    Object.entries(this.container().labels).sort(([a], [b]) => a.localeCompare(b)),
  );
  private readonly live = inject(LiveDataService);
  protected readonly liveMode = toSignal(this.live.mode$, { initialValue: 'connecting' as const });
  /** Live samples while the panel is open on a running container (watch on open, unwatch on close). */
  protected readonly stats = toSignal(
    toObservable(
      computed(() => (this.container().state === 'running' ? this.container().id : null)),
    ).pipe(
      distinctUntilChanged(),
      switchMap((id) => (id ? this.live.watchStats(id).pipe(startWith([])) : of([]))),
    ),
    { initialValue: [] },
  );
  protected readonly cpuSeries = computed(() =>
    this.stats().flatMap((s) => (s.cpuPercent === null ? [] : [s.cpuPercent])),
  );
  protected readonly memSeries = computed(() => this.stats().map((s) => s.memoryBytes));
  protected readonly uptimeText = computed(() => uptime(this.container(), this.clock.now()));
}
