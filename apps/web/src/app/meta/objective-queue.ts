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
import { MetaStore } from './meta.store';
import { IdentityStore } from '../core/identity';
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
  templateUrl: './objective-queue.html',
  styleUrl: './objective-queue.css',
})
export class ObjectiveQueue {
  readonly objectives = input.required<Objective[]>();
  /** A target to pre-fill (from a suggestion). */
  readonly prefillTarget = input<string | null>(null);
  private readonly client = inject(SIMSCOPE_CLIENT);
  protected readonly clock = inject(Clock);
  private readonly store = inject(MetaStore);
  /** Enqueueing and moving objectives needs the operator role; viewers only read. */
  protected readonly canWrite = inject(IdentityStore).can('operator');
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
      // The stream announces the change when live; this makes it show at once either way.
      this.store.refresh();
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
