import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import type { MetaOverview, Note, Objective, Run } from '@simscope/contracts';
import {
  Subject,
  catchError,
  debounceTime,
  from,
  map,
  merge,
  of,
  startWith,
  switchMap,
} from 'rxjs';
import { LiveDataService } from '../core/live-data.service';
import { SIMSCOPE_CLIENT } from '../core/simscope-client';
import { PhaseBadge } from '../shared/ui/phase-badge';
import { Clock } from '../shared/clock';
import { NoteForm, type NoteDraft } from './note-form';
import { ObjectiveQueue } from './objective-queue';
import { RunList } from './run-list';

interface MetaData {
  overview: MetaOverview;
  notes: Note[];
  objectives: Objective[];
  runs: Run[];
}

type MetaView =
  { kind: 'loading' } | { kind: 'ok'; data: MetaData } | { kind: 'error'; message: string };

/** Notes, the failure feed, the objective queue and runs; refreshed on every `meta_ops` event. */
@Component({
  selector: 'sim-meta-dashboard',
  imports: [NoteForm, ObjectiveQueue, RunList, PhaseBadge],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './meta-dashboard.html',
  styleUrl: './meta-dashboard.css',
})
export class MetaDashboard {
  private readonly client = inject(SIMSCOPE_CLIENT);
  private readonly live = inject(LiveDataService);
  protected readonly clock = inject(Clock);
  private readonly refresh$ = new Subject<void>();

  protected readonly prefill = signal<Partial<NoteDraft> | null>(null);
  protected readonly objectiveTarget = signal<string | null>(null);
  protected readonly failuresOnly = signal(false);

  protected readonly view = toSignal(
    merge(this.refresh$, this.live.meta$).pipe(
      debounceTime(150),
      startWith(null),
      switchMap(() =>
        from(this.load()).pipe(
          map((data): MetaView => ({ kind: 'ok', data })),
          catchError((err: unknown) =>
            of<MetaView>({
              kind: 'error',
              message: err instanceof Error ? err.message : String(err),
            }),
          ),
        ),
      ),
    ),
    { initialValue: { kind: 'loading' } },
  );
  protected readonly data = computed(() => {
    const v = this.view();
    return v.kind === 'ok' ? v.data : null;
  });
  protected readonly errorText = computed(() => {
    const v = this.view();
    return v.kind === 'error' ? `Could not load notes and queue: ${v.message}` : '';
  });
  protected readonly feed = computed(() => {
    const notes = this.data()?.notes ?? [];
    return this.failuresOnly() ? notes.filter((n) => n.category === 'failure') : notes;
  });

  refresh(): void {
    this.refresh$.next();
  }

  protected follow(s: MetaOverview['suggestions'][number]): void {
    switch (s.kind) {
      case 'capture-failure-note': {
        const failing = this.data()?.overview.failingNow.find((f) => f.id === s.target?.id);
        this.noteFor(s.target?.id ?? '', failing?.displayName ?? '', failing?.phase ?? 'failed');
        break;
      }
      case 'enqueue-objective':
        this.objectiveTarget.set(this.data()?.overview.failingNow[0]?.cluster ?? '');
        document.getElementById('objectives')?.scrollIntoView({ behavior: 'smooth' });
        document.querySelector<HTMLInputElement>('#objectives input[name="objective"]')?.focus();
        break;
      case 'register-runs':
        document.getElementById('runs')?.scrollIntoView({ behavior: 'smooth' });
        document.querySelector<HTMLInputElement>('#runs input[name="title"]')?.focus();
        break;
    }
  }

  protected noteFor(id: string, name: string, phase: string): void {
    this.prefill.set({
      category: 'failure',
      severity: 'warning',
      title: `${name || id.slice(0, 12)} is ${phase}`,
      targetKind: 'container',
      targetId: id,
    });
  }

  private async load(): Promise<MetaData> {
    const [overview, notes, objectives, runs] = await Promise.all([
      this.client.metaOverview(),
      this.client.notes({ limit: 50 }),
      this.client.objectives({ limit: 100 }),
      this.client.runs({ limit: 50 }),
    ]);
    return { overview, notes: notes.items, objectives: objectives.items, runs: runs.items };
  }
}
