import { Injectable, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import type { MetaOverview, Note, Objective, Run } from '@simscope/contracts';
import { Subject, catchError, debounceTime, from, map, of, startWith, switchMap } from 'rxjs';
import { LiveConnection } from '../core/live-connection';
import { SIMSCOPE_CLIENT } from '../core/simscope-client';
import { partition, readableNote, readableObjective, readableRun } from './readable';

export interface MetaData {
  overview: MetaOverview;
  notes: Note[];
  objectives: Objective[];
  runs: Run[];
  /** Records the pages could not read (left out, counted, never allowed to blank the page). */
  unreadable: number;
}

export type MetaView =
  { kind: 'loading' } | { kind: 'ok'; data: MetaData } | { kind: 'error'; message: string };

/** Bursts of `meta_ops` events (a queue drained, runs registered in a loop) load once. */
const SETTLE_MS = 150;

/**
 * Notes, objectives, runs and the overview. The stream says *that* something changed (`meta_ops`),
 * not the new lists, so the store reloads over REST: on start, on each burst of events while live,
 * on every poll while not, and when a page asks after its own write.
 */
@Injectable({ providedIn: 'root' })
export class MetaStore {
  private readonly client = inject(SIMSCOPE_CLIENT);
  private readonly connection = inject(LiveConnection);
  private readonly changed = new Subject<void>();
  private readonly viewSignal = signal<MetaView>({ kind: 'loading' });

  readonly view = this.viewSignal.asReadonly();
  readonly data = computed(() => {
    const v = this.view();
    return v.kind === 'ok' ? v.data : null;
  });

  constructor() {
    this.changed
      .pipe(
        debounceTime(SETTLE_MS),
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
        takeUntilDestroyed(),
      )
      .subscribe((view) => {
        this.viewSignal.set(view);
        if (view.kind === 'ok') {
          this.connection.markUpdated();
        }
      });
    this.connection.register({
      attach: (socket) => socket.on('meta_ops', () => this.changed.next()),
      poll: async () => {
        const data = await this.load();
        return () => this.viewSignal.set({ kind: 'ok', data });
      },
    });
  }

  /** Reload now (after this console's own write, which the stream also announces when live). */
  refresh(): void {
    this.changed.next();
  }

  private async load(): Promise<MetaData> {
    const [overview, notes, objectives, runs] = await Promise.all([
      this.client.metaOverview(),
      this.client.notes({ limit: 50 }),
      this.client.objectives({ limit: 100 }),
      this.client.runs({ limit: 50 }),
    ]);
    const [readNotes, badNotes] = partition(notes.items, readableNote);
    const [readObjectives, badObjectives] = partition(objectives.items, readableObjective);
    const [readRuns, badRuns] = partition(runs.items, readableRun);
    return {
      overview,
      notes: readNotes,
      objectives: readObjectives,
      runs: readRuns,
      unreadable: badNotes + badObjectives + badRuns,
    };
  }
}
