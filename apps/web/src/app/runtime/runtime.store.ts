import { Injectable, InjectionToken, inject, signal } from '@angular/core';
import type { RuntimeHealthPayload, SimulationGuardEvent } from '@simscope/contracts';
import { LiveConnection } from '../core/live-connection';
import { SIMSCOPE_CLIENT } from '../core/simscope-client';

/** How many `simulation_guard` events the runtime page keeps (newest first). */
export const GUARD_EVENTS_KEPT = new InjectionToken<number>('GUARD_EVENTS_KEPT', {
  providedIn: 'root',
  factory: () => 50,
});

/**
 * The server's own health: pushed (on connect and every few seconds) while live, fetched over REST
 * when the store starts and while the connection polls; and the newest guard events.
 */
@Injectable({ providedIn: 'root' })
export class RuntimeStore {
  private readonly client = inject(SIMSCOPE_CLIENT);
  private readonly connection = inject(LiveConnection);
  private readonly kept = inject(GUARD_EVENTS_KEPT);

  private readonly healthSignal = signal<RuntimeHealthPayload | null>(null);
  private readonly guardEventsSignal = signal<SimulationGuardEvent[]>([]);
  readonly health = this.healthSignal.asReadonly();
  /** The most recent `simulation_guard` events, newest first (seen while live). */
  readonly guardEvents = this.guardEventsSignal.asReadonly();

  constructor() {
    this.connection.register({
      attach: (socket) => {
        socket.on('runtime_health', (health) => {
          this.healthSignal.set(health);
          this.connection.markUpdated();
        });
        socket.on('simulation_guard', (event) =>
          this.guardEventsSignal.update((list) => [event, ...list].slice(0, this.kept)),
        );
      },
      poll: async () => {
        const health = await this.client.runtimeHealth();
        return () => this.healthSignal.set(health);
      },
    });
    // The store may start after the socket's connect-time push: fetch once so the page is not blank.
    this.client.runtimeHealth().then(
      (health) => this.healthSignal.update((pushed) => pushed ?? health),
      () => undefined,
    );
  }
}
