import type { GuardMode, ScheduledTaskState, SimulationGuardEvent } from '@simscope/contracts';
import type { Clock } from './clock.js';
import { stretchFactor } from './guard.js';

export interface TaskSpec {
  name: string;
  intervalMs: number;
  /** Skipped under `critical` when the guard sheds expensive work. */
  expensive?: boolean;
  /** Never stretched (the health sampler itself: it is how we notice recovery). */
  fixed?: boolean;
  run(): Promise<void> | void;
  /** Told each time the guard sheds a run, so the task's output can say it is not current. */
  onSkipped?(): void;
}

interface Task extends TaskSpec {
  timer: unknown;
  dueAt: number;
  lastRunAt: number | null;
  lastDurationMs: number | null;
  skipped: number;
  running: boolean;
  pendingSkips: number;
  lastSkipEventAt: number | null;
}

const SKIP_EVENT_EVERY_MS = 5000;

/** How the guard's mode bends the schedule (RuntimeSettings, plus the guard's current reasons). */
export interface BackoffPolicy {
  skipExpensiveOnCritical: boolean;
  /** The interval factor under `critical`; `degraded` stretches ×2 (at most this). */
  criticalStretch: number;
  /** Why the guard is in its mode now, for the skip events. */
  reasons(): string[];
}

/**
 * Owns every periodic job. Intervals stretch ×2 in `degraded` and ×4 (configurable) in `critical`; expensive jobs are
 * skipped under `critical` (when configured), each skip reported, repeated ones folded per task.
 */
export class Scheduler {
  private readonly tasks = new Map<string, Task>();
  private stopped = false;

  constructor(
    private readonly clock: Clock & { wallNow(): number },
    private readonly mode: () => GuardMode,
    private readonly policy: BackoffPolicy,
    private readonly onSkip: (event: SimulationGuardEvent) => void,
  ) {}

  register(spec: TaskSpec): void {
    const task: Task = {
      ...spec,
      timer: null,
      dueAt: 0,
      lastRunAt: null,
      lastDurationMs: null,
      skipped: 0,
      running: false,
      pendingSkips: 0,
      lastSkipEventAt: null,
    };
    this.tasks.set(spec.name, task);
    this.arm(task, this.clock.now());
  }

  effectiveInterval(task: TaskSpec): number {
    return task.fixed
      ? task.intervalMs
      : task.intervalMs * stretchFactor(this.mode(), this.policy.criticalStretch);
  }

  /** Re-arms every task for the current mode, counting from its last run. */
  modeChanged(): void {
    for (const task of this.tasks.values()) {
      if (!task.running) {
        this.arm(task, task.lastRunAt ?? this.clock.now());
      }
    }
  }

  state(): ScheduledTaskState[] {
    return [...this.tasks.values()].map((t) => ({
      name: t.name,
      expensive: Boolean(t.expensive),
      baseIntervalMs: t.intervalMs,
      effectiveIntervalMs: this.effectiveInterval(t),
      lastRunAt:
        t.lastRunAt === null
          ? null
          : new Date(this.clock.wallNow() - (this.clock.now() - t.lastRunAt)).toISOString(),
      lastDurationMs: t.lastDurationMs,
      skipped: t.skipped,
    }));
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.tasks.values()) {
      if (t.timer !== null) {
        this.clock.clearTimeout(t.timer);
      }
    }
  }

  private arm(task: Task, from: number): void {
    if (this.stopped) {
      return;
    }
    if (task.timer !== null) {
      this.clock.clearTimeout(task.timer);
    }
    const now = this.clock.now();
    task.dueAt = Math.max(now, from + this.effectiveInterval(task));
    task.timer = this.clock.setTimeout(() => this.fire(task), task.dueAt - now);
  }

  private fire(task: Task): void {
    task.timer = null;
    const now = this.clock.now();
    const mode = this.mode();
    if (task.expensive && mode === 'critical' && this.policy.skipExpensiveOnCritical) {
      task.skipped++;
      task.lastRunAt = now; // the next try is one (stretched) interval later, not a busy retry
      this.reportSkip(task, mode, now);
      task.onSkipped?.();
      this.arm(task, now);
      return;
    }
    task.running = true;
    const started = this.clock.now();
    const done = (): void => {
      task.running = false;
      task.lastRunAt = started;
      task.lastDurationMs = this.clock.now() - started;
      this.arm(task, started);
    };
    try {
      const result = task.run();
      if (result instanceof Promise) {
        // A task reports its own failures; the schedule goes on either way.
        result.then(done, done);
        return;
      }
    } catch {
      // as above
    }
    done();
  }

  private reportSkip(task: Task, mode: GuardMode, now: number): void {
    task.pendingSkips++;
    if (task.lastSkipEventAt !== null && now - task.lastSkipEventAt < SKIP_EVENT_EVERY_MS) {
      return;
    }
    task.lastSkipEventAt = now;
    const why = this.policy.reasons();
    this.onSkip({
      task: task.name,
      reason:
        `skipped: expensive work is shed while the guard is ${mode}` +
        (why.length ? ` (${why.join('; ')}) — simscope is backing off` : ''),
      mode,
      at: new Date(this.clock.wallNow()).toISOString(),
      count: task.pendingSkips,
    });
    task.pendingSkips = 0;
  }
}
