import type { DockerSimulationsPayload } from '../payloads/docker-simulations.js';
import type { DockerSimulationsDelta, SubscribeAck } from '../payloads/live.js';
import type { ClientToServerEvents, ServerToClientEvents } from '../events.js';
import { applyDelta } from './reduce.js';

/**
 * The part of a socket.io-client `Socket<ServerToClientEvents, ClientToServerEvents>` the helper
 * uses; structural, so this library does not depend on socket.io-client.
 */
export interface LiveSocket {
  on<E extends keyof ServerToClientEvents>(event: E, listener: ServerToClientEvents[E]): unknown;
  on(event: 'connect' | 'disconnect', listener: () => void): unknown;
  off<E extends keyof ServerToClientEvents>(event: E, listener?: ServerToClientEvents[E]): unknown;
  off(event: 'connect' | 'disconnect', listener?: () => void): unknown;
  emit<E extends keyof ClientToServerEvents>(
    event: E,
    ...args: Parameters<ClientToServerEvents[E]>
  ): unknown;
  readonly connected: boolean;
}

export interface LiveInventoryOptions {
  /** Only these clusters; absent means everything. */
  clusters?: string[];
  /** Only these engines; absent means every engine. */
  hosts?: string[];
}

export type LiveListener = (state: DockerSimulationsPayload, cause: 'snapshot' | 'delta') => void;

/**
 * Keeps an inventory current from a snapshot and deltas; on a sequence gap it asks for a resync
 * and ignores deltas until the fresh snapshot arrives.
 */
export class LiveInventory {
  private current: DockerSimulationsPayload | null = null;
  private resyncing = false;
  private readonly listeners = new Set<LiveListener>();
  /** How many gaps this client has detected (and resynced after). */
  gaps = 0;

  constructor(
    private readonly socket: LiveSocket,
    private readonly options: LiveInventoryOptions = {},
  ) {
    socket.on('docker_simulations', this.onSnapshot);
    socket.on('docker_simulations:delta', this.onDelta);
    socket.on('connect', this.onConnect);
    if (socket.connected) {
      // The connect-time snapshot went by before these listeners: ask for one (deltas wait for it).
      this.resyncing = true;
      if (!this.onConnect()) {
        socket.emit('docker_simulations:resync');
      }
    }
  }

  get state(): DockerSimulationsPayload | null {
    return this.current;
  }

  subscribe(listener: LiveListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Changes the cluster filter; the server answers with a fresh (filtered) snapshot. */
  setClusters(clusters: string[] | undefined): Promise<SubscribeAck> {
    this.options.clusters = clusters;
    return this.resubscribe();
  }

  /** Changes the engine filter; the server answers with a fresh (filtered) snapshot. */
  setHosts(hosts: string[] | undefined): Promise<SubscribeAck> {
    this.options.hosts = hosts;
    return this.resubscribe();
  }

  private resubscribe(): Promise<SubscribeAck> {
    return new Promise((resolve) =>
      this.socket.emit(
        'subscribe',
        { clusters: this.options.clusters ?? [], hosts: this.options.hosts ?? [] },
        resolve,
      ),
    );
  }

  close(): void {
    this.socket.off('docker_simulations', this.onSnapshot);
    this.socket.off('docker_simulations:delta', this.onDelta);
    this.socket.off('connect', this.onConnect);
    this.listeners.clear();
  }

  /** Narrows the subscription when filtered (the server answers with a snapshot); true if it did. */
  private readonly onConnect = (): boolean => {
    if (this.options.clusters?.length || this.options.hosts?.length) {
      this.socket.emit('subscribe', {
        clusters: this.options.clusters ?? [],
        hosts: this.options.hosts ?? [],
      });
      return true;
    }
    return false;
  };

  private readonly onSnapshot = (payload: DockerSimulationsPayload): void => {
    this.current = payload;
    this.resyncing = false;
    this.notify('snapshot');
  };

  private readonly onDelta = (delta: DockerSimulationsDelta): void => {
    if (this.resyncing) {
      return;
    }
    const next = this.current ? applyDelta(this.current, delta) : null;
    if (!next) {
      this.gaps++;
      this.resyncing = true;
      this.socket.emit('docker_simulations:resync');
      return;
    }
    this.current = next;
    this.notify('delta');
  };

  private notify(cause: 'snapshot' | 'delta'): void {
    const state = this.current;
    if (state) {
      this.listeners.forEach((l) => l(state, cause));
    }
  }
}
