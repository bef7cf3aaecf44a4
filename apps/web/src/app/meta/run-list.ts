import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { ActivatedRoute, RouterLink } from '@angular/router';
import { map } from 'rxjs';
import {
  CreateRunDto,
  RUN_TRANSITIONS,
  RUN_TYPES,
  validateBody,
  type Run,
  type RunStatus,
  type RunType,
} from '@simscope/contracts';
import { MetaStore } from './meta.store';
import { IdentityStore } from '../core/identity';
import { SIMSCOPE_CLIENT } from '../core/simscope-client';
import { describeWriteError } from '../core/write-errors';
import { Clock } from '../shared/clock';
import { Sparkline } from '../shared/ui/sparkline';

/** Tracked runs: register one, move its status, and see each metric's latest value and trend. */
@Component({
  selector: 'sim-run-list',
  imports: [Sparkline, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './run-list.html',
  styleUrl: './run-list.css',
})
export class RunList {
  readonly runs = input.required<Run[]>();
  private readonly client = inject(SIMSCOPE_CLIENT);
  protected readonly clock = inject(Clock);
  private readonly store = inject(MetaStore);
  /** Registering and moving runs needs the operator role; viewers only read. */
  protected readonly canWrite = inject(IdentityStore).can('operator');
  protected readonly types = RUN_TYPES;
  protected readonly transitions = RUN_TRANSITIONS;
  protected readonly title = signal('');
  protected readonly type = signal<RunType>('training');
  protected readonly busy = signal(false);
  protected readonly message = signal('');

  /** The run opened below its row: `?run=<id>` (a bound container's panel links there), or a click. */
  private readonly linked = toSignal(
    inject(ActivatedRoute).queryParamMap.pipe(map((p) => p.get('run'))),
    { initialValue: null },
  );
  private readonly toggled = signal<string | null | undefined>(undefined);
  protected readonly open = computed(() => {
    const t = this.toggled();
    return t === undefined ? this.linked() : t;
  });

  protected toggle(id: string): void {
    this.toggled.set(this.open() === id ? null : id);
  }

  protected commandOf(command: string[]): string {
    // As a shell would take it back: arguments with spaces or quotes in single quotes.
    return command
      .map((a) => (/[\s'"\\$]/.test(a) ? `'${a.replace(/'/g, `'\\''`)}'` : a))
      .join(' ');
  }

  protected metricsOf(
    r: Run,
  ): { name: string; latest: number; values: number[]; lastStep: number | undefined }[] {
    return Object.entries(r.metrics).map(([name, m]) => ({
      name,
      latest: m.latest,
      values: m.history.map((p) => p.value),
      lastStep: m.history.at(-1)?.step,
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
      // The stream announces the change when live; this makes it show at once either way.
      this.store.refresh();
    } catch (err) {
      this.message.set(describeWriteError(err));
    } finally {
      this.busy.set(false);
    }
  }
}
