import { DestroyRef, Injectable, inject, signal } from '@angular/core';
import { formatDuration } from './format';

/** One shared clock for "3 s ago" labels and uptimes: a signal that ticks every second. */
@Injectable({ providedIn: 'root' })
export class Clock {
  private readonly tick = signal(Date.now());
  readonly now = this.tick.asReadonly();

  constructor() {
    const timer = setInterval(() => this.tick.set(Date.now()), 1000);
    inject(DestroyRef).onDestroy(() => clearInterval(timer));
  }

  /** "12s", "3m": how long since a moment. */
  since(at: number | string | null | undefined): string {
    if (at == null) {
      return '—';
    }
    const t = typeof at === 'number' ? at : Date.parse(at);
    return formatDuration(Math.max(0, this.now() - t));
  }

  ago(at: number | string | null | undefined): string {
    if (at == null) {
      return 'never';
    }
    const t = typeof at === 'number' ? at : Date.parse(at);
    return `${formatDuration(Math.max(0, this.now() - t))} ago`;
  }
}
