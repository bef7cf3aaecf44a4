import { Injectable } from '@nestjs/common';
import {
  META_OVERVIEW_SCHEMA,
  PRIORITIES,
  type MetaOverview,
  type OverviewQueryDto,
  type Phase,
} from '@simscope/contracts';
import { InventoryReader } from '../docker/inventory-reader.js';
import { MetaStoreService } from './meta-store.service.js';
import { isOpen } from './reducers.js';

export const FAILING: readonly Phase[] = ['oom-killed', 'crashloop', 'failed', 'stalled', 'degraded'];

/** What is, and what to do next. */
@Injectable()
export class OverviewService {
  constructor(
    private readonly store: MetaStoreService,
    private readonly source: InventoryReader,
  ) {}

  async overview(query: OverviewQueryDto = {}): Promise<MetaOverview> {
    if (query.refresh) {
      await this.source.refreshForRead();
    }
    const failingNow = [...this.source.rows()]
      .filter((c) => FAILING.includes(c.phase))
      .map(({ id, name, displayName, cluster, phase, reasons }) => ({
        id,
        name,
        displayName,
        cluster,
        phase,
        reasons,
      }));
    const latestFailureNotes = await this.store.queryNotes(
      { category: 'failure' },
      query.notesLimit ?? 5,
    );
    const activeRuns = [...this.store.runs.values()].filter(
      (r) => r.status === 'running' || r.status === 'planned',
    );
    const open = [...this.store.objectives.values()].filter(isOpen);
    const queueDepth = Object.fromEntries(
      PRIORITIES.map((p) => [p, open.filter((o) => o.priority === p).length]),
    ) as MetaOverview['queueDepth'];
    const suggestions: MetaOverview['suggestions'] = [];
    // The failure feed's own note (source docker) says what happened; the suggestion stays until
    // someone on the team writes theirs.
    const unnoted = failingNow.find(
      (c) => !this.store.hasNote({ category: 'failure', target: c.id, source: 'user' }),
    );
    if (unnoted) {
      suggestions.push({
        kind: 'capture-failure-note',
        text: `capture a failure note for ${unnoted.displayName} (${unnoted.phase})`,
        target: { kind: 'container', id: unnoted.id },
      });
    }
    if (open.length === 0) {
      suggestions.push({
        kind: 'enqueue-objective',
        text: 'enqueue an objective: the queue is empty',
      });
    }
    if (!activeRuns.some((r) => r.status === 'running')) {
      suggestions.push({ kind: 'register-runs', text: 'register the runs you are executing' });
    }
    return {
      schema: META_OVERVIEW_SCHEMA,
      generatedAt: new Date().toISOString(),
      counts: {
        notes: this.store.noteCount,
        runs: this.store.runs.size,
        objectives: this.store.objectives.size,
      },
      failingNow,
      latestFailureNotes,
      activeRuns: activeRuns.slice(-(query.runsLimit ?? 10)).reverse(),
      queueDepth,
      lastNote: (await this.store.queryNotes({}, 1))[0] ?? null,
      suggestions,
    };
  }
}
