import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import type { SourceState } from '@simscope/contracts';
import { IdentityStore } from '../core/identity';
import { describeWriteError } from '../core/write-errors';
import { SimulationsStore } from './simulations.store';
import { Clock } from '../shared/clock';

/** Shown when Docker is stale or unavailable: the diagnosis, what to do, and "retry now". */
@Component({
  selector: 'sim-source-banner',
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './source-banner.html',
  styleUrl: './source-banner.css',
})
export class SourceBanner {
  readonly source = input<SourceState | null>(null);
  protected readonly clock = inject(Clock);
  private readonly store = inject(SimulationsStore);
  /** A reconcile is an operator's action. */
  protected readonly canRetry = inject(IdentityStore).can('operator');
  protected readonly busy = signal(false);
  protected readonly message = signal<string | null>(null);

  protected engineName(s: SourceState): string {
    return s.diagnosis?.host ? `Engine ${s.diagnosis.host}` : 'Docker';
  }

  protected async retry(): Promise<void> {
    this.busy.set(true);
    this.message.set(null);
    try {
      const status = await this.store.retryDocker();
      this.message.set(
        status.reachable
          ? 'Docker answered.'
          : `Still unreachable (${status.source.diagnosis?.code ?? 'unknown'}).`,
      );
    } catch (err) {
      this.message.set(describeWriteError(err, 'Retry failed'));
    } finally {
      this.busy.set(false);
    }
  }
}
