import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import type { SourceState } from '@simscope/contracts';
import { describeWriteError } from '../core/write-errors';
import { LiveDataService } from '../core/live-data.service';
import { Clock } from '../shared/clock';

/** Shown when Docker is stale or unavailable: the diagnosis, what to do, and "retry now". */
@Component({
  selector: 'sim-source-banner',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div aria-live="assertive">
      @let s = source();
      @if (s && s.status !== 'live') {
        <section
          class="banner"
          [class.bad]="s.status === 'unavailable'"
          [class.warn]="s.status === 'stale'"
          role="alert"
          data-testid="source-banner"
        >
          <strong>
            @if (s.status === 'stale') {
              {{ engineName(s) }} unreachable for
              {{ clock.since(s.staleSince ?? s.lastSuccessAt) }} — showing the last known state
            } @else {
              {{ engineName(s) }} unreachable — nothing discovered yet
            }
            @if (s.diagnosis) {
              <span class="chip" data-testid="diagnosis-code">{{ s.diagnosis.code }}</span>
            }
          </strong>
          @if (s.diagnosis; as d) {
            <span data-testid="remediation">{{ d.remediation }}</span>
            <code class="err">{{ d.error }} · {{ d.endpoint }}</code>
          }
          <span class="actions">
            <button type="button" class="primary" (click)="retry()" [disabled]="busy()">
              {{ busy() ? 'Retrying…' : 'Retry now' }}
            </button>
            @if (message(); as m) {
              <span class="muted">{{ m }}</span>
            }
          </span>
        </section>
      }
    </div>
  `,
  styles: `
    .banner {
      margin-bottom: 0.75rem;
    }
    .err {
      flex-basis: 100%;
      color: var(--muted);
      overflow-wrap: anywhere;
    }
    .actions {
      display: flex;
      gap: 0.6rem;
      align-items: center;
    }
    .chip {
      margin-left: 0.4rem;
    }
  `,
})
export class SourceBanner {
  readonly source = input<SourceState | null>(null);
  protected readonly clock = inject(Clock);
  private readonly live = inject(LiveDataService);
  protected readonly busy = signal(false);
  protected readonly message = signal<string | null>(null);

  protected engineName(s: SourceState): string {
    return s.diagnosis?.host ? `Engine ${s.diagnosis.host}` : 'Docker';
  }

  protected async retry(): Promise<void> {
    this.busy.set(true);
    this.message.set(null);
    try {
      const status = await this.live.retryDocker();
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
