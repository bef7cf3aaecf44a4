import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import {
  CreateRunDto,
  RUN_TRANSITIONS,
  RUN_TYPES,
  validateBody,
  type Run,
  type RunStatus,
  type RunType,
} from '@simscope/contracts';
import { SIMSCOPE_CLIENT } from '../core/simscope-client';
import { describeWriteError } from '../core/write-errors';
import { Clock } from '../shared/clock';
import { Sparkline } from '../shared/ui/sparkline';

/** Tracked runs: register one, move its status, and see each metric's latest value and trend. */
@Component({
  selector: 'sim-run-list',
  imports: [Sparkline],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2>Runs</h2>
    <form
      class="inline-form"
      (submit)="$event.preventDefault(); create()"
      novalidate
      data-testid="run-form"
    >
      <label class="grow"
        >Title
        <input name="title" [value]="title()" (input)="title.set($any($event.target).value)" />
      </label>
      <label
        >Type
        <select name="type" (change)="type.set($any($event.target).value)">
          @for (t of types; track t) {
            <option [value]="t" [selected]="type() === t">{{ t }}</option>
          }
        </select>
      </label>
      <button type="submit" class="primary" [disabled]="busy()">Register run</button>
    </form>
    <p role="status" class="muted form-status">{{ message() }}</p>
    <table class="data">
      <thead>
        <tr>
          <th scope="col">Run</th>
          <th scope="col">Status</th>
          <th scope="col">Metrics (latest, trend)</th>
          <th scope="col">Updated</th>
          <th scope="col"><span class="sr-only">Actions</span></th>
        </tr>
      </thead>
      <tbody>
        @for (r of runs(); track r.id) {
          <tr>
            <td>
              {{ r.title }} <span class="chip">{{ r.type }}</span>
            </td>
            <td>
              <span class="status status-{{ r.status }}">{{ r.status }}</span>
            </td>
            <td class="metrics">
              @for (m of metricsOf(r); track m.name) {
                <span class="metric"
                  ><span class="muted">{{ m.name }}</span> <strong>{{ m.latest }}</strong>
                  <sim-sparkline [values]="m.values" [name]="m.name"
                /></span>
              } @empty {
                <span class="muted">—</span>
              }
            </td>
            <td class="muted">{{ clock.ago(r.updatedAt) }}</td>
            <td class="row-actions">
              @for (next of transitions[r.status]; track next) {
                <button type="button" (click)="move(r, next)">{{ next }}</button>
              }
            </td>
          </tr>
        } @empty {
          <tr>
            <td colspan="5" class="muted">No runs registered.</td>
          </tr>
        }
      </tbody>
    </table>
  `,
  styles: `
    .metrics {
      display: flex;
      flex-wrap: wrap;
      gap: 0.2rem 0.9rem;
    }
    .metric {
      white-space: nowrap;
    }
    .status-running {
      color: var(--info);
      font-weight: 600;
    }
    .status-completed {
      color: var(--ok);
    }
    .status-failed {
      color: var(--bad);
      font-weight: 600;
    }
  `,
})
export class RunList {
  readonly runs = input.required<Run[]>();
  private readonly client = inject(SIMSCOPE_CLIENT);
  protected readonly clock = inject(Clock);
  protected readonly types = RUN_TYPES;
  protected readonly transitions = RUN_TRANSITIONS;
  protected readonly title = signal('');
  protected readonly type = signal<RunType>('training');
  protected readonly busy = signal(false);
  protected readonly message = signal('');

  protected metricsOf(r: Run): { name: string; latest: number; values: number[] }[] {
    return Object.entries(r.metrics).map(([name, m]) => ({
      name,
      latest: m.latest,
      values: m.history.map((p) => p.value),
    }));
  }

  protected async create(): Promise<void> {
    const body = { title: this.title().trim(), type: this.type() };
    const errors = await validateBody(CreateRunDto, body);
    if (Object.keys(errors).length) {
      this.message.set(
        Object.entries(errors)
          .map(([k, v]) => `${k}: ${v.join('; ')}`)
          .join(' · '),
      );
      return;
    }
    await this.run(async () => {
      await this.client.createRun(body);
      this.title.set('');
      return 'Run registered.';
    });
  }

  protected async move(r: Run, status: RunStatus): Promise<void> {
    await this.run(async () => {
      await this.client.runEvent(r.id, { status });
      return `Run ${status}.`;
    });
  }

  private async run(work: () => Promise<string>): Promise<void> {
    this.busy.set(true);
    try {
      this.message.set(await work());
    } catch (err) {
      this.message.set(describeWriteError(err));
    } finally {
      this.busy.set(false);
    }
  }
}
