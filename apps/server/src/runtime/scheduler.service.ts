import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { ScheduledTaskState } from '@simscope/contracts';
import { RuntimeSettings } from '../config/settings.js';
import { realClock } from './clock.js';
import { GuardService } from './guard.service.js';
import { Scheduler, type TaskSpec } from './scheduler.js';

/** The one owner of periodic work in the process. */
@Injectable()
export class SchedulerService implements OnApplicationShutdown {
  private readonly scheduler: Scheduler;

  constructor(guard: GuardService, settings: RuntimeSettings) {
    this.scheduler = new Scheduler(
      { ...realClock, wallNow: () => Date.now() },
      () => guard.mode,
      {
        skipExpensiveOnCritical: settings.skipExpensiveOnCritical,
        criticalStretch: settings.criticalStretch,
        reasons: () => guard.reasons,
      },
      (event) => guard.events$.next(event),
    );
    guard.modeChanged$.subscribe(() => this.scheduler.modeChanged());
  }

  register(task: TaskSpec): void {
    this.scheduler.register(task);
  }

  tasks(): ScheduledTaskState[] {
    return this.scheduler.state();
  }

  onApplicationShutdown(): void {
    this.scheduler.stop();
  }
}
