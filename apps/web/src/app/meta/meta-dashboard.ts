import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import type { MetaOverview } from '@simscope/contracts';
import { IdentityStore } from '../core/identity';
import { PhaseBadge } from '../shared/ui/phase-badge';
import { Clock } from '../shared/clock';
import { MetaStore } from './meta.store';
import { byline } from './readable';
import { formatBytes } from '../shared/format';
import { NoteForm, type NoteDraft } from './note-form';
import { ObjectiveQueue } from './objective-queue';
import { RunList } from './run-list';

/** Notes, the failure feed, the objective queue and runs; refreshed on every `meta_ops` event. */
@Component({
  selector: 'sim-meta-dashboard',
  imports: [NoteForm, ObjectiveQueue, RunList, PhaseBadge],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './meta-dashboard.html',
  styleUrl: './meta-dashboard.css',
})
export class MetaDashboard {
  private readonly store = inject(MetaStore);
  protected readonly clock = inject(Clock);

  /** Writing notes (and the suggestions that lead to writes) needs the operator role. */
  protected readonly canWrite = inject(IdentityStore).can('operator');
  protected readonly prefill = signal<Partial<NoteDraft> | null>(null);
  protected readonly objectiveTarget = signal<string | null>(null);
  protected readonly failuresOnly = signal(false);

  protected readonly view = this.store.view;
  protected readonly data = this.store.data;
  protected readonly errorText = computed(() => {
    const v = this.view();
    return v.kind === 'error' ? `Could not load notes and queue: ${v.message}` : '';
  });
  protected readonly feed = computed(() => {
    const notes = this.data()?.notes ?? [];
    return this.failuresOnly() ? notes.filter((n) => n.category === 'failure') : notes;
  });

  protected readonly byline = byline;
  protected readonly bytes = formatBytes;

  refresh(): void {
    this.store.refresh();
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
}
