import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { LiveConnection } from '../core/live-connection';
import { SimulationsStore } from '../simulations/simulations.store';
import { Clock } from './clock';

const LABEL = {
  connecting: 'connecting',
  live: 'live',
  polling: 'polling',
  offline: 'offline',
} as const;

/**
 * live (websocket) · polling (fallback) · offline, with the time of the last update; and, whatever the
 * link to simscope, whether simscope itself can see Docker (a green "live" over a stale inventory
 * would say the rows are current when they are not).
 */
@Component({
  selector: 'sim-connection-indicator',
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './connection-indicator.html',
  styleUrl: './connection-indicator.css',
})
export class ConnectionIndicator {
  protected readonly live = inject(LiveConnection);
  protected readonly clock = inject(Clock);
  protected readonly state = this.live.state;
  protected readonly label = computed(() => LABEL[this.state().mode]);
  private readonly source = inject(SimulationsStore).source;
  /** null while Docker is live (or not known yet); otherwise what to say about it. */
  protected readonly docker = computed(() => {
    const source = this.source();
    if (!source || source.status === 'live') {
      return null;
    }
    return {
      label:
        source.status === 'stale' ? 'Docker unreachable · last known state' : 'Docker unreachable',
      title: source.diagnosis
        ? `${source.diagnosis.code}: ${source.diagnosis.remediation}`
        : 'simscope cannot reach Docker',
    };
  });
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
