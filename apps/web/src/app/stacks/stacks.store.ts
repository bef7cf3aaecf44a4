import { Injectable, computed, inject, signal } from '@angular/core';
import type { StackDetail, StacksDelta } from '@simscope/contracts';
import { LiveConnection } from '../core/live-connection';
import { SIMSCOPE_CLIENT } from '../core/simscope-client';

/** Applies one `docker_stacks:delta` to the stacks known (pure: a new map when anything changed). */
export function applyStacksDelta(
  current: ReadonlyMap<string, StackDetail>,
  delta: StacksDelta,
): ReadonlyMap<string, StackDetail> {
  const next = new Map(delta.full ? [] : current);
  for (const name of delta.removed) {
    next.delete(name);
  }
  for (const stack of delta.changed) {
    next.set(stack.name, stack);
  }
  return next;
}

/**
 * Stacks with their graph, state and impact: every stack pushed on connect, then the ones that
 * changed; fetched over REST (summaries, then each stack) when the store starts and while polling.
 */
@Injectable({ providedIn: 'root' })
export class StacksStore {
  private readonly client = inject(SIMSCOPE_CLIENT);
  private readonly connection = inject(LiveConnection);

  private readonly stacksSignal = signal<ReadonlyMap<string, StackDetail>>(new Map());
  /** Whether any word (push or fetch) has arrived yet: an empty list before it means "loading". */
  private readonly loadedSignal = signal(false);
  /** Whether a socket has pushed every stack (then a slower first fetch is older news). */
  private fullPushed = false;
  readonly loaded = this.loadedSignal.asReadonly();
  /** Every stack, by name. */
  readonly stacks = computed(() =>
    [...this.stacksSignal().values()].sort((a, b) => a.name.localeCompare(b.name)),
  );

  constructor() {
    this.connection.register({
      attach: (socket) =>
        socket.on('docker_stacks:delta', (delta) => {
          this.stacksSignal.update((current) => applyStacksDelta(current, delta));
          this.fullPushed ||= delta.full;
          this.loadedSignal.set(true);
          this.connection.markUpdated();
        }),
      poll: async () => {
        const all = await this.fetchAll();
        return () => this.replace(all);
      },
    });
    // The store may start after the socket's connect-time push (the page is lazy): fetch once.
    this.fetchAll().then(
      (all) => {
        if (!this.fullPushed) {
          // Stacks pushed while the fetch ran are newer than what it read.
          const pushed = this.stacksSignal();
          this.replace([...all.filter((s) => !pushed.has(s.name)), ...pushed.values()]);
        }
      },
      () => undefined,
    );
  }

  /** One stack by name, if known. */
  stack(name: string): StackDetail | null {
    return this.stacksSignal().get(name) ?? null;
  }

  private replace(all: StackDetail[]): void {
    this.stacksSignal.set(new Map(all.map((s) => [s.name, s])));
    this.loadedSignal.set(true);
  }

  private async fetchAll(): Promise<StackDetail[]> {
    const { stacks } = await this.client.stacks();
    const details = await Promise.all(
      stacks.map((s) => this.client.stack(s.name).catch(() => null)),
    );
    return details.filter((d): d is StackDetail => d !== null);
  }
}
