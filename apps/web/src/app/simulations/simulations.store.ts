import { Injectable, computed, inject, signal } from '@angular/core';
import {
  LiveInventory,
  type DockerSimulationsPayload,
  type DockerStatusPayload,
  type DockerUsagePayload,
  type SimulationContainer,
} from '@simscope/contracts';
import { LiveConnection } from '../core/live-connection';
import type { TypedSocket } from '../core/live-socket';
import { SIMSCOPE_CLIENT } from '../core/simscope-client';

/**
 * The simulations feature's state: the inventory (a snapshot and its deltas, resynced on a gap by
 * the shared LiveInventory helper), Docker's status and the usage sweep; polled over REST while the
 * connection is not live.
 */
@Injectable({ providedIn: 'root' })
export class SimulationsStore {
  private readonly client = inject(SIMSCOPE_CLIENT);
  private readonly connection = inject(LiveConnection);

  private readonly inventorySignal = signal<DockerSimulationsPayload | null>(null);
  private readonly statusSignal = signal<DockerStatusPayload | null>(null);
  private readonly usageSignal = signal<DockerUsagePayload | null>(null);
  private readonly gapsSignal = signal(0);

  readonly inventory = this.inventorySignal.asReadonly();
  readonly status = this.statusSignal.asReadonly();
  /** Every running simulation's latest sample (the server's background sweep). */
  readonly usage = this.usageSignal.asReadonly();
  /** Sequence gaps seen on the live stream (each followed by a resync). */
  readonly gaps = this.gapsSignal.asReadonly();
  /** Where the rows come from, by the newest word: pushed status when there is one. */
  readonly source = computed(() => this.status()?.source ?? this.inventory()?.source ?? null);
  readonly hosts = computed(() => this.status()?.hosts ?? this.inventory()?.hosts ?? []);

  private live: LiveInventory | null = null;

  constructor() {
    this.connection.register({
      attach: (socket) => this.attach(socket),
      poll: async () => {
        const [inventory, status, usage] = await Promise.all([
          this.client.simulations(),
          this.client.dockerStatus(),
          this.client.usage().catch(() => null),
        ]);
        return () => {
          this.inventorySignal.set(inventory);
          this.statusSignal.set(status);
          if (usage) {
            this.usageSignal.set(usage);
          }
        };
      },
    });
  }

  /** The pushed row for one container, if the inventory has it. */
  row(id: string): SimulationContainer | null {
    return this.inventory()?.containers.find((c) => c.id === id) ?? null;
  }

  /** Asks the server to reconcile (or reconnect to Docker) now; the result arrives as data. */
  async retryDocker(): Promise<DockerStatusPayload> {
    const status = await this.client.reconcile();
    this.statusSignal.set(status);
    await this.connection.refreshNow();
    return status;
  }

  private attach(socket: TypedSocket): void {
    this.live?.close();
    const live = new LiveInventory(socket);
    this.live = live;
    live.subscribe((payload) => {
      this.inventorySignal.set(payload);
      this.gapsSignal.set(live.gaps);
      this.connection.markUpdated();
    });
    // Registered after the helper's own listener, so a gap it just detected is counted here.
    socket.on('docker_simulations:delta', () => this.gapsSignal.set(live.gaps));
    socket.on('docker_status', (status) => {
      this.statusSignal.set(status);
      this.connection.markUpdated();
    });
    socket.on('docker_usage', (usage) => this.usageSignal.set(usage));
  }
}
