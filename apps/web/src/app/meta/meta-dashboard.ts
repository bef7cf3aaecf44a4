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
  template: `
    <h1>Notes &amp; queue</h1>
    @switch (view().kind) {
      @case ('loading') {
        <p class="muted">Loading…</p>
      }
      @case ('error') {
        <section class="banner bad" role="alert">{{ errorText() }}</section>
      }
      @case ('ok') {
        @let d = data()!;
        <section class="suggestions" aria-label="Next steps" data-testid="suggestions">
          <span class="muted">Next steps:</span>
          @for (s of d.overview.suggestions; track s.text) {
            <button type="button" (click)="follow(s)">{{ s.text }}</button>
          } @empty {
            <span class="muted">nothing pressing — the queue has work and failures are noted.</span>
          }
          <span class="counts muted"
            >{{ d.overview.counts.notes }} note{{ d.overview.counts.notes === 1 ? '' : 's' }} ·
            {{ d.overview.counts.runs }} run{{ d.overview.counts.runs === 1 ? '' : 's' }} · queue
            {{ d.overview.queueDepth.high }} high / {{ d.overview.queueDepth.medium }} medium /
            {{ d.overview.queueDepth.low }} low</span
          >
        </section>
        <div class="columns">
          <div class="col">
            <section class="panel">
              <h2>Failing now (from Docker)</h2>
              <ul class="failing" data-testid="failing-now">
                @for (f of d.overview.failingNow; track f.id) {
                  <li>
                    <sim-phase-badge [phase]="f.phase" [reasons]="f.reasons" />
                    <strong>{{ f.displayName }}</strong> <span class="muted">{{ f.cluster }}</span>
                    <span class="muted reason">{{ f.reasons[0] }}</span>
                    <button
                      type="button"
                      class="small"
                      (click)="noteFor(f.id, f.displayName, f.phase)"
                    >
                      note
                    </button>
                  </li>
                } @empty {
                  <li class="muted">No simulation is failing.</li>
                }
              </ul>
            </section>
            <section class="panel">
              <sim-note-form [prefill]="prefill()" (saved)="refresh()" />
            </section>
            <section class="panel">
              <div class="feed-head">
                <h2>Feed</h2>
                <label class="inline"
                  ><input
                    type="checkbox"
                    [checked]="failuresOnly()"
                    (change)="failuresOnly.set($any($event.target).checked)"
                  />
                  failures only</label
                >
              </div>
              <ol class="feed" aria-live="polite" data-testid="note-feed">
                @for (n of feed(); track n.id) {
                  <li class="sev-{{ n.severity }}">
                    <div class="note-head">
                      <span class="chip">{{ n.category }}</span>
                      <span class="chip sev">{{ n.severity }}</span>
                      <strong>{{ n.title }}</strong>
                      <span class="muted when"
                        >{{ n.source === 'docker' ? 'Docker · ' : ''
                        }}{{ n.owner ? n.owner + ' · ' : '' }}{{ clock.ago(n.createdAt) }}</span
                      >
                    </div>
                    @if (n.text) {
                      <p class="text">{{ n.text }}</p>
                    }
                    @if (n.targets.length || n.tags.length) {
                      <div class="muted small refs">
                        @for (t of n.targets; track $index) {
                          <span class="mono">{{ t.kind }}:{{ t.id.slice(0, 24) }}</span>
                        }
                        @for (t of n.tags; track t) {
                          <span class="chip">#{{ t }}</span>
                        }
                      </div>
                    }
                  </li>
                } @empty {
                  <li class="muted">No notes yet.</li>
                }
              </ol>
            </section>
          </div>
          <div class="col">
            <section class="panel" id="objectives">
              <sim-objective-queue
                [objectives]="d.objectives"
                [prefillTarget]="objectiveTarget()"
              />
            </section>
            <section class="panel" id="runs">
              <sim-run-list [runs]="d.runs" />
            </section>
          </div>
        </div>
      }
    }
  `,
  styles: `
    h1 {
      margin-bottom: 0.75rem;
    }
    .suggestions {
      display: flex;
      gap: 0.5rem;
      align-items: center;
      flex-wrap: wrap;
      margin-bottom: 0.75rem;
    }
    .suggestions button {
      border-color: var(--accent);
      color: var(--accent);
    }
    .counts {
      margin-left: auto;
      font-size: 0.85rem;
    }
    .columns {
      display: grid;
      grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
      gap: 0.75rem;
      align-items: start;
    }
    @media (max-width: 1100px) {
      .columns {
        grid-template-columns: minmax(0, 1fr);
      }
    }
    .col {
      display: flex;
      flex-direction: column;
      gap: 0.75rem;
    }
    .failing,
    .feed {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    .failing li {
      display: flex;
      gap: 0.5rem;
      align-items: center;
      padding: 0.25rem 0;
      border-bottom: 1px solid var(--line);
    }
    .reason {
      flex: 1;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
      font-size: 0.85rem;
    }
    button.small {
      font-size: 0.78rem;
      padding: 0 0.4rem;
    }
    .feed-head {
      display: flex;
      justify-content: space-between;
      align-items: baseline;
    }
    .inline {
      display: flex;
      gap: 0.3rem;
      align-items: center;
    }
    .feed {
      max-height: 520px;
      overflow-y: auto;
    }
    .feed li {
      padding: 0.4rem 0 0.4rem 0.6rem;
      border-left: 3px solid var(--line);
      margin-bottom: 0.4rem;
    }
    .feed li.sev-warning {
      border-left-color: var(--warn);
    }
    .feed li.sev-critical {
      border-left-color: var(--bad);
    }
    .feed li.sev-watch {
      border-left-color: var(--info);
    }
    .note-head {
      display: flex;
      gap: 0.4rem;
      align-items: baseline;
      flex-wrap: wrap;
    }
    .when {
      margin-left: auto;
      font-size: 0.8rem;
    }
    .text {
      margin: 0.2rem 0;
      white-space: pre-wrap;
    }
    .small {
      font-size: 0.8rem;
    }
    .refs {
      display: flex;
      flex-wrap: wrap;
      gap: 0.2rem 0.6rem;
    }
  `,
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
