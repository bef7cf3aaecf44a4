import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import {
  STACKS_DELTA_SCHEMA,
  STACKS_SCHEMA,
  type StackDetail,
  type StacksDelta,
  type StacksPayload,
} from '@simscope/contracts';
import { Subject, type Subscription } from 'rxjs';
import { DiscoverySettings, LiveSettings } from '../config/settings.js';
import { InventoryReader } from '../docker/inventory-reader.js';
import { buildGraphs } from './stack-graph.js';
import { stackDetail, stackSummary } from './stack-status.js';

/**
 * Stacks (compose projects and `<prefix>.cluster` groups) with their dependency graph, state and
 * impact, rebuilt from the inventory's rows after each burst of changes (at most once per coalescing
 * window), and the stacks that changed published as one delta.
 */
@Injectable()
export class StacksService implements OnModuleInit, OnModuleDestroy {
  private stacks = new Map<string, StackDetail>();
  private subscription: Subscription | null = null;
  private timer: NodeJS.Timeout | null = null;
  /** Deltas for sockets: the stacks whose fingerprint changed, and those that are gone. */
  readonly deltas$ = new Subject<StacksDelta>();

  constructor(
    private readonly source: InventoryReader,
    private readonly discovery: DiscoverySettings,
    private readonly live: LiveSettings,
  ) {}

  onModuleInit(): void {
    this.rebuild();
    this.subscription = this.source.changes$.subscribe(() => this.schedule());
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
    if (this.timer) {
      clearTimeout(this.timer);
    }
  }

  list(): StacksPayload {
    return { schema: STACKS_SCHEMA, stacks: [...this.stacks.values()].map(stackSummary) };
  }

  get(name: string): StackDetail | undefined {
    return this.stacks.get(name);
  }

  /** What a new socket gets: every stack. */
  full(): StacksDelta {
    return {
      schema: STACKS_DELTA_SCHEMA,
      full: true,
      changed: [...this.stacks.values()],
      removed: [],
    };
  }

  private schedule(): void {
    if (this.timer) {
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = null;
      this.rebuild();
    }, this.live.coalesceMs);
    this.timer.unref();
  }

  /** Rebuilds every stack from the rows (linear in rows) and publishes what changed. */
  private rebuild(): void {
    const next = new Map(
      buildGraphs(this.source.rows(), this.discovery.labelPrefix).map((g) => {
        const d = stackDetail(g);
        return [d.name, d] as const;
      }),
    );
    const changed = [...next.values()].filter(
      (d) => this.stacks.get(d.name)?.fingerprint !== d.fingerprint,
    );
    const removed = [...this.stacks.keys()].filter((name) => !next.has(name));
    this.stacks = next;
    if (changed.length || removed.length) {
      this.deltas$.next({ schema: STACKS_DELTA_SCHEMA, full: false, changed, removed });
    }
  }
}
