import { Module } from '@nestjs/common';
import { GuardService } from './guard.service.js';
import { SchedulerService } from './scheduler.service.js';

/** Guard state and the scheduler: shared by discovery, the live stream and runtime health. */
@Module({
  providers: [GuardService, SchedulerService],
  exports: [GuardService, SchedulerService],
})
export class SchedulerModule {}
