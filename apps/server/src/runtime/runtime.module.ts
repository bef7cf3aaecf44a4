import { Module } from '@nestjs/common';
import { GuardService } from './guard.service.js';
import { SchedulerService } from './scheduler.service.js';

/** Shared machinery every feature may use: guard state and the one scheduler of periodic work. */
@Module({
  providers: [GuardService, SchedulerService],
  exports: [GuardService, SchedulerService],
})
export class RuntimeModule {}
