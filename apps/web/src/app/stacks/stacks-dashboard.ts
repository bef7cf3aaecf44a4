import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import type { StackDetail } from '@simscope/contracts';
import { map } from 'rxjs';
import { STATE_GLYPH, StackGraph } from './stack-graph';
import { StacksStore } from './stacks.store';

/** Every stack's dependency graph, what is blocked or degraded and why. The stack shown is in the URL. */
@Component({
  selector: 'sim-stacks-dashboard',
  imports: [StackGraph, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './stacks-dashboard.html',
  styleUrl: './stacks-dashboard.css',
})
export class StacksDashboard {
  private readonly store = inject(StacksStore);
  private readonly router = inject(Router);
  protected readonly glyph = STATE_GLYPH;
  protected readonly stacks = this.store.stacks;
  protected readonly loaded = this.store.loaded;
  private readonly asked = toSignal(
    inject(ActivatedRoute).queryParamMap.pipe(map((p) => p.get('stack'))),
    { requireSync: true },
  );
  /** The stack asked for, else the first one (so the page never opens on nothing). */
  protected readonly selected = computed<StackDetail | null>(() => {
    const name = this.asked();
    const all = this.stacks();
    return (name ? all.find((s) => s.name === name) : all[0]) ?? null;
  });
  /** A stack named in the URL that does not exist (gone, or a typo). */
  protected readonly unknown = computed(() => {
    const name = this.asked();
    return name && this.loaded() && !this.selected() ? name : null;
  });

  protected select(name: string): void {
    void this.router.navigate([], { queryParams: { stack: name }, replaceUrl: true });
  }

  protected counts(s: StackDetail): { blocked: number; degraded: number } {
    return {
      blocked: s.services.filter((x) => x.impact === 'blocked').length,
      degraded: s.services.filter((x) => x.impact === 'degraded').length,
    };
  }
}
