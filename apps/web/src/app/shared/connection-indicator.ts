import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { LiveDataService } from '../core/live-data.service';
import { Clock } from './clock';

const LABEL = {
  connecting: 'connecting',
  live: 'live',
  polling: 'polling',
  offline: 'offline',
} as const;

/** live (websocket) · polling (fallback) · offline, with the time of the last update. */
@Component({
  selector: 'sim-connection-indicator',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let s = state();
    <div class="conn conn-{{ s.mode }}" data-testid="connection" [attr.title]="detail()">
      <span class="dot" aria-hidden="true"></span>
      <span aria-live="polite" data-testid="connection-mode">{{ label() }}</span>
      <span class="muted when" data-testid="last-update"
        >updated {{ clock.ago(s.lastUpdateAt) }}</span
      >
      @if (s.mode === 'polling' || s.mode === 'offline') {
        <button type="button" (click)="live.reconnectNow()">reconnect</button>
      }
    </div>
  `,
  styles: `
    .conn {
      display: flex;
      align-items: center;
      gap: 0.45rem;
      font-size: 0.85rem;
    }
    .dot {
      width: 0.6rem;
      height: 0.6rem;
      border-radius: 50%;
      background: var(--muted);
    }
    .conn-live .dot {
      background: var(--ok);
    }
    .conn-polling .dot {
      background: var(--warn);
      border-radius: 1px;
    }
    .conn-offline .dot {
      background: var(--bad);
      border-radius: 1px;
      transform: rotate(45deg);
    }
    .when {
      font-variant-numeric: tabular-nums;
    }
    button {
      padding: 0 0.4rem;
      font-size: 0.8rem;
    }
  `,
})
export class ConnectionIndicator {
  protected readonly live = inject(LiveDataService);
  protected readonly clock = inject(Clock);
  protected readonly state = toSignal(this.live.state$, { requireSync: true });
  protected readonly label = computed(() => LABEL[this.state().mode]);
  protected readonly detail = computed(() => {
    const s = this.state();
    if (s.mode === 'live' || s.mode === 'connecting') {
      return s.mode === 'live' ? 'Live over WebSocket' : null;
    }
    const next = s.nextSocketAttemptAt
      ? ` Next live attempt in ${Math.max(0, Math.round((s.nextSocketAttemptAt - this.clock.now()) / 1000))} s.`
      : '';
    return `${s.error ?? ''}${next}`;
  });
}
