import { Injectable } from '@nestjs/common';
import type {
  GuardMode,
  GuardThresholds,
  RuntimeHealthPayload,
  SimulationGuardEvent,
} from '@simscope/contracts';
import { BehaviorSubject, Subject } from 'rxjs';
import { RuntimeSettings } from '../config/settings.js';
import { initialGuardState, step, type Evaluation, type GuardState } from './guard.js';

/** The guard's state and the streams other modules listen to; no timers, no I/O. */
@Injectable()
export class GuardService {
  readonly thresholds: GuardThresholds;
  private state: GuardState = initialGuardState(Date.now());
  /** The latest health payload, for GET and for new sockets. */
  readonly latest$ = new BehaviorSubject<RuntimeHealthPayload | null>(null);
  /** Payloads to push to sockets: on a mode change, and at most every 5 s otherwise. */
  readonly broadcast$ = new Subject<RuntimeHealthPayload>();
  readonly events$ = new Subject<SimulationGuardEvent>();
  readonly modeChanged$ = new Subject<GuardMode>();

  constructor(settings: RuntimeSettings) {
    this.thresholds = settings.thresholds;
  }

  get mode(): GuardMode {
    return this.state.mode;
  }

  get since(): number {
    return this.state.since;
  }

  get reasons(): string[] {
    return this.state.reasons;
  }

  /** Feeds one sample's evaluation; returns true when the mode changed. */
  observe(sample: Evaluation, now = Date.now()): boolean {
    const before = this.state.mode;
    this.state = step(this.state, sample, this.thresholds, now);
    if (this.state.mode !== before) {
      this.modeChanged$.next(this.state.mode);
      return true;
    }
    return false;
  }
}
