import { ChangeDetectionStrategy, Component, effect, inject, input, signal } from '@angular/core';
import {
  EnqueueObjectiveDto,
  META_LIMITS,
  OBJECTIVE_TRANSITIONS,
  OBJECTIVE_TYPES,
  PRIORITIES,
  SimscopeApiError,
  validateBody,
  type FieldErrors,
  type Objective,
  type ObjectiveState,
  type ObjectiveType,
  type Priority,
} from '@simscope/contracts';
import { SIMSCOPE_CLIENT } from '../core/simscope-client';
import { describeWriteError } from '../core/write-errors';
import { Clock } from '../shared/clock';

export interface ObjectiveDraft {
  objective: string;
  objectiveType: ObjectiveType;
  priority: Priority;
  target: string;
}

const EMPTY: ObjectiveDraft = {
  objective: '',
  objectiveType: 'stabilization',
  priority: 'medium',
  target: '',
};

/** The objective queue: enqueue (deduplicated by the server) and move objectives along. */
@Component({
  selector: 'sim-objective-queue',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2>Objective queue</h2>
    <form
      class="inline-form"
      (submit)="$event.preventDefault(); enqueue()"
      novalidate
      data-testid="objective-form"
    >
      <label class="grow"
        ><span
          >Objective
          <span class="muted">({{ draft().objective.length }}/{{ limits.objective }})</span></span
        >
        <input
          name="objective"
          [value]="draft().objective"
          (input)="set('objective', $any($event.target).value)"
          [attr.aria-invalid]="!!errors()['objective']"
        />
      </label>
      <label
        >Type
        <select name="objectiveType" (change)="set('objectiveType', $any($event.target).value)">
          @for (t of types; track t) {
            <option [value]="t" [selected]="draft().objectiveType === t">{{ t }}</option>
          }
        </select>
      </label>
      <label
        >Priority
        <select name="priority" (change)="set('priority', $any($event.target).value)">
          @for (p of priorities; track p) {
            <option [value]="p" [selected]="draft().priority === p">{{ p }}</option>
          }
        </select>
      </label>
      <label
        >Target
        <input
          name="target"
          [value]="draft().target"
          (input)="set('target', $any($event.target).value)"
        />
      </label>
      <button type="submit" class="primary" [disabled]="busy()">Enqueue</button>
    </form>
    @for (e of errorList(); track e) {
      <p class="field-error">{{ e }}</p>
    }
    <p role="status" class="muted form-status">{{ message() }}</p>
    <table class="data">
      <thead>
        <tr>
          <th scope="col">Objective</th>
          <th scope="col">Priority</th>
          <th scope="col">State</th>
          <th scope="col">Target</th>
          <th scope="col">Age</th>
          <th scope="col"><span class="sr-only">Actions</span></th>
        </tr>
      </thead>
      <tbody>
        @for (o of objectives(); track o.id) {
          <tr [attr.data-objective]="o.id">
            <td>
              {{ o.objective }} <span class="chip">{{ o.objectiveType }}</span>
            </td>
            <td>
              <span class="prio prio-{{ o.priority }}">{{ o.priority }}</span>
            </td>
            <td>{{ o.state }}</td>
            <td class="mono">{{ o.target ?? '—' }}</td>
            <td class="muted">{{ clock.ago(o.createdAt) }}</td>
            <td class="row-actions">
              @for (next of transitions[o.state]; track next) {
                <button type="button" (click)="move(o, next)">{{ verb[next] }}</button>
              }
            </td>
          </tr>
        } @empty {
          <tr>
            <td colspan="6" class="muted">The queue is empty.</td>
          </tr>
        }
      </tbody>
    </table>
  `,
  styles: `
    .prio-high {
      color: var(--bad);
      font-weight: 650;
    }
    .prio-medium {
      color: var(--warn);
    }
  `,
})
export class ObjectiveQueue {
  readonly objectives = input.required<Objective[]>();
  /** A target to pre-fill (from a suggestion). */
  readonly prefillTarget = input<string | null>(null);
  private readonly client = inject(SIMSCOPE_CLIENT);
  protected readonly clock = inject(Clock);
  protected readonly types = OBJECTIVE_TYPES;
  protected readonly priorities = PRIORITIES;
  protected readonly limits = META_LIMITS;
  protected readonly transitions = OBJECTIVE_TRANSITIONS;
  protected readonly verb: Record<ObjectiveState, string> = {
    queued: 'requeue',
    claimed: 'claim',
    done: 'done',
    dropped: 'drop',
  };
  protected readonly draft = signal<ObjectiveDraft>(EMPTY);
  protected readonly errors = signal<FieldErrors>({});
  protected readonly busy = signal(false);
  protected readonly message = signal('');

  constructor() {
    effect(() => {
      const target = this.prefillTarget();
      if (target != null) {
        this.draft.update((d) => ({ ...d, target }));
      }
    });
  }

  protected errorList(): string[] {
    return Object.entries(this.errors()).map(([k, v]) => `${k}: ${v.join('; ')}`);
  }

  protected set<K extends keyof ObjectiveDraft>(key: K, value: ObjectiveDraft[K]): void {
    this.draft.update((d) => ({ ...d, [key]: value }));
  }

  protected async enqueue(): Promise<void> {
    const d = this.draft();
    const body = {
      objective: d.objective.trim(),
      objectiveType: d.objectiveType,
      priority: d.priority,
      ...(d.target.trim() ? { target: d.target.trim() } : {}),
    };
    const errors = await validateBody(EnqueueObjectiveDto, body);
    this.errors.set(errors);
    if (Object.keys(errors).length) {
      return;
    }
    await this.run(async () => {
      await this.client.enqueueObjective(body);
      this.draft.set(EMPTY);
      return 'Enqueued (an identical open objective is kept once).';
    });
  }

  protected async move(o: Objective, state: ObjectiveState): Promise<void> {
    await this.run(async () => {
      await this.client.transitionObjective(o.id, { state });
      return `Objective ${state}.`;
    });
  }

  private async run(work: () => Promise<string>): Promise<void> {
    this.busy.set(true);
    try {
      this.message.set(await work());
    } catch (err) {
      if (err instanceof SimscopeApiError && err.body?.fields) {
        this.errors.set(err.body.fields);
      }
      this.message.set(describeWriteError(err));
    } finally {
      this.busy.set(false);
    }
  }
}
