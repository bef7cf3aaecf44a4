import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import type { ContainerAction, SimulationContainer } from '@simscope/contracts';
import { SIMSCOPE_CLIENT } from '../core/simscope-client';
import { describeWriteError } from '../core/write-errors';

/** Which actions make sense for a container in this state (start a stopped one; stop or restart a live one). */
export function actionsFor(c: Pick<SimulationContainer, 'state'>): ContainerAction[] {
  return c.state === 'running' || c.state === 'restarting' || c.state === 'paused'
    ? ['restart', 'stop']
    : ['start'];
}

/**
 * Start, stop and restart for admins, shown only when the server has actions on. Each asks once more
 * before it goes ("Stop sim-1?"); the outcome is said in one line (the server records it as a note).
 */
@Component({
  selector: 'sim-container-actions',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="actions" data-testid="container-actions">
      @if (confirming(); as a) {
        <span>{{ label[a] }} {{ container().name }}?</span>
        <button type="button" class="primary" (click)="run(a)" [disabled]="busy()">
          Yes, {{ a }}
        </button>
        <button type="button" (click)="confirming.set(null)" [disabled]="busy()">Cancel</button>
      } @else {
        @for (a of available(); track a) {
          <button type="button" [attr.data-action]="a" (click)="confirming.set(a)">
            {{ label[a] }}
          </button>
        }
      }
      @if (outcome(); as o) {
        <span class="outcome" [class.bad]="o.bad" role="status">{{ o.text }}</span>
      }
    </div>
  `,
  styles: `
    .actions {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.4rem;
      margin: 0.4rem 0;
    }
    .outcome {
      font-size: 0.85rem;
      color: var(--muted);
    }
    .outcome.bad {
      color: var(--bad);
    }
  `,
})
export class ContainerActions {
  readonly container = input.required<SimulationContainer>();
  private readonly client = inject(SIMSCOPE_CLIENT);
  protected readonly label: Record<ContainerAction, string> = {
    start: 'Start',
    stop: 'Stop',
    restart: 'Restart',
  };
  protected readonly available = computed(() => actionsFor(this.container()));
  protected readonly confirming = signal<ContainerAction | null>(null);
  protected readonly busy = signal(false);
  protected readonly outcome = signal<{ text: string; bad: boolean } | null>(null);

  protected async run(action: ContainerAction): Promise<void> {
    this.busy.set(true);
    try {
      const r = await this.client.act(this.container().id, action);
      const how = r.result === 'already' ? 'nothing to do (already so)' : 'done';
      this.outcome.set({
        text: `${this.label[action]}: ${how} in ${(r.durationMs / 1000).toFixed(1)} s`,
        bad: false,
      });
    } catch (err) {
      this.outcome.set({
        text: describeWriteError(err, `${this.label[action]} failed`),
        bad: true,
      });
    } finally {
      this.busy.set(false);
      this.confirming.set(null);
    }
  }
}
