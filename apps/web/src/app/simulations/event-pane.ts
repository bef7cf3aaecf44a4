import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  computed,
  effect,
  inject,
  input,
  signal,
} from '@angular/core';
import type { SimEvent, SimEventSummary } from '@simscope/contracts';
import type { Subscription } from 'rxjs';
import { SIMSCOPE_CLIENT } from '../core/simscope-client';
import { Clock } from '../shared/clock';
import { SimProgress } from '../shared/ui/sim-progress';
import { ContainerStreams } from './container-streams';

const KEEP = 200;

/**
 * A simulation's events: its progress, the last 100 (of one type, or all), then each new one while
 * following. Types come from what it printed so far.
 */
@Component({
  selector: 'sim-event-pane',
  imports: [SimProgress],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './event-pane.html',
  styleUrl: './event-pane.css',
})
export class EventPane {
  readonly containerId = input.required<string>();
  readonly summary = input.required<SimEventSummary>();
  private readonly client = inject(SIMSCOPE_CLIENT);
  private readonly streams = inject(ContainerStreams);
  protected readonly clock = inject(Clock);

  protected readonly type = signal('');
  protected readonly following = signal(true);
  protected readonly events = signal<SimEvent[]>([]);
  protected readonly status = signal('Loading…');
  protected readonly types = computed(() => Object.keys(this.summary().countsByType).sort());
  private follow: Subscription | null = null;

  constructor() {
    effect(() => {
      void this.load(this.containerId(), this.type());
    });
    effect(() => {
      const id = this.containerId();
      const type = this.type();
      this.follow?.unsubscribe();
      this.follow = this.following()
        ? this.streams.followEvents(id).subscribe((batch) => {
            const wanted = type ? batch.filter((e) => e.type === type) : batch;
            if (wanted.length) {
              this.events.update((e) => [...wanted.reverse(), ...e].slice(0, KEEP));
            }
          })
        : null;
    });
    inject(DestroyRef).onDestroy(() => this.follow?.unsubscribe());
  }

  private async load(id: string, type: string): Promise<void> {
    this.status.set('Loading…');
    try {
      const page = await this.client.simulationEvents(id, {
        limit: 100,
        ...(type ? { type } : {}),
      });
      this.events.set(page.items);
      this.status.set('No events yet.');
    } catch (err) {
      this.status.set(`Could not load events: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  protected detailOf(e: SimEvent): string {
    const parts = [
      e.agentId !== null ? `agent ${e.agentId}` : '',
      e.message ?? '',
      e.metrics
        ? Object.entries(e.metrics)
            .map(([k, v]) => `${k}=${v}`)
            .join(' ')
        : '',
    ];
    return parts.filter(Boolean).join(' · ') || '—';
  }
}
