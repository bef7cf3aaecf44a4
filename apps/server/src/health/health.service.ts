import { Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import {
  RUNTIME_HEALTH_SCHEMA,
  type RuntimeHealthPayload,
  type RuntimeProbes,
} from '@simscope/contracts';
import { logTally } from '../common/log-tally.js';
import { RuntimeSettings } from '../config/settings.js';
import { DockerStatusService } from '../docker/docker-status.service.js';
import { InventoryReader } from '../docker/inventory-reader.js';
import { ConnectionCapsService } from '../live/connection-caps.service.js';
import { evaluate } from '../runtime/guard.js';
import { GuardService } from '../runtime/guard.service.js';
import { ProcessSampler } from './probes.js';
import { SchedulerService } from '../runtime/scheduler.service.js';

const BROADCAST_EVERY_MS = 5000;

/** Samples probes on the scheduler, feeds the guard, and publishes the health payload. */
@Injectable()
export class HealthService implements OnModuleInit, OnApplicationShutdown {
  private readonly sampler = new ProcessSampler();
  private probes: RuntimeProbes | null = null;
  private sampledAt = new Date();

  constructor(
    private readonly guard: GuardService,
    private readonly scheduler: SchedulerService,
    private readonly source: InventoryReader,
    private readonly status: DockerStatusService,
    private readonly caps: ConnectionCapsService,
    private readonly runtime: RuntimeSettings,
  ) {}

  onModuleInit(): void {
    this.sample();
    // Sampling is never stretched: it is how the guard notices recovery.
    this.scheduler.register({
      name: 'health.sample',
      intervalMs: this.runtime.sampleMs,
      fixed: true,
      run: () => this.sample(),
    });
    this.scheduler.register({
      name: 'health.broadcast',
      intervalMs: BROADCAST_EVERY_MS,
      run: () => this.guard.broadcast$.next(this.payload()),
    });
  }

  onApplicationShutdown(): void {
    this.sampler.stop();
  }

  sample(): void {
    const caps = this.caps.caps;
    const lastEvent = this.status.lastEventAt;
    this.probes = {
      ...this.sampler.sample(),
      log: logTally.snapshot(),
      websocket: {
        clients: caps.current,
        max: caps.max,
        saturation: caps.max > 0 ? caps.current / caps.max : 0,
      },
      docker: {
        status: this.source.source.status,
        lastEventAgeMs: lastEvent ? Date.now() - Date.parse(lastEvent) : null,
        inventorySize: this.source.size,
        lastReconcileMs: this.status.lastReconcileDurationMs,
        engines: this.source.hosts().map((h) => ({
          name: h.name,
          status: h.status,
          lastEventAgeMs: h.lastEventAgeMs,
          lastReconcileMs: h.lastReconcileMs,
        })),
      },
    };
    this.sampledAt = new Date();
    const changed = this.guard.observe(evaluate(this.probes, this.guard.thresholds));
    const payload = this.payload();
    this.guard.latest$.next(payload);
    if (changed) {
      this.guard.broadcast$.next(payload);
    }
  }

  payload(): RuntimeHealthPayload {
    if (!this.probes) {
      this.sample();
    }
    return {
      schema: RUNTIME_HEALTH_SCHEMA,
      mode: this.guard.mode,
      reasons: this.guard.reasons,
      since: new Date(this.guard.since).toISOString(),
      sampledAt: this.sampledAt.toISOString(),
      probes: this.probes as RuntimeProbes,
      thresholds: this.guard.thresholds,
      tasks: this.scheduler.tasks(),
    };
  }
}
