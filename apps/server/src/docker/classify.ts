import type { HealthStatus, Phase } from '@simscope/contracts';

export const CRASHLOOP_WINDOW_MS = 10 * 60_000;
export const CRASHLOOP_MIN_EXITS = 3;
/** An OOM kill this recent still marks a container that came back up as degraded. */
export const RECENT_OOM_MS = 10 * 60_000;

export interface ClassifyInput {
  /** Docker's state: created, running, paused, restarting, removing, exited, dead. */
  state: string;
  health: HealthStatus;
  /** Output of the last health probe, when known. */
  lastProbeOutput?: string | null;
  restartCount: number;
  /** State.OOMKilled from inspect: unreliable alone, so `oomAt` counts too. */
  oomKilled: boolean;
  /** When an `oom` event for this container arrived (ms), if one did. */
  oomAt?: number | null;
  exitCode: number | null;
  restartPolicy?: string | null;
  startedAt?: number | null;
  finishedAt?: number | null;
  /** Times (ms) of recent exits (`die` events) seen for this container. */
  recentExits?: readonly number[];
  now: number;
}

export interface Classification {
  phase: Phase;
  reasons: string[];
}

function probeText(output: string | null | undefined): string {
  const text = (output ?? '').replace(/\s+/g, ' ').trim();
  if (!text) {
    return 'no output';
  }
  return text.length > 160 ? `${text.slice(0, 157)}…` : text;
}

/** The exit, read honestly: 137 without OOM evidence is a SIGKILL and 143 a SIGTERM, not OOMs. */
function exitReason(code: number | null): string {
  switch (code) {
    case null:
      return 'exited';
    case 0:
      return 'exited cleanly (code 0)';
    case 137:
      return 'killed (SIGKILL, exit 137)';
    case 143:
      return 'stopped (SIGTERM, exit 143)';
    default:
      return code > 128 && code < 160
        ? `terminated by signal ${code - 128} (exit ${code})`
        : `exited with code ${code}`;
  }
}

/**
 * Derives the lifecycle phase and human reasons from what Docker reports. Pure and deterministic:
 * every input, including the clock, is passed in.
 */
export function classify(input: ClassifyInput): Classification {
  const { now } = input;
  const exits = (input.recentExits ?? []).filter((t) => now - t <= CRASHLOOP_WINDOW_MS);
  // OOMKilled can be missed (nested processes, newer kernels), so an oom event after the last
  // start is evidence too; one from before the last start belongs to an earlier life.
  const oomEvidence =
    input.oomKilled ||
    (input.oomAt != null && (input.startedAt == null || input.oomAt >= input.startedAt - 1000));
  // Reasons carry no relative times: they would go stale in every cached copy. When it happened is
  // in finishedAt and the lifecycle transitions.
  const oomReason = (): string => 'OOM-killed';
  const restartReason =
    exits.length > 0
      ? `restarted ${exits.length} time${exits.length === 1 ? '' : 's'} in 10 min`
      : `restarted ${input.restartCount} time${input.restartCount === 1 ? '' : 's'}`;

  const looping =
    input.restartPolicy !== 'no' &&
    (exits.length >= CRASHLOOP_MIN_EXITS ||
      (input.state === 'restarting' && input.restartCount >= CRASHLOOP_MIN_EXITS));
  if (looping && input.state !== 'paused') {
    const reasons = [restartReason];
    if (oomEvidence) {
      reasons.push(oomReason());
    } else if (input.exitCode != null && input.exitCode !== 0) {
      reasons.push(`last ${exitReason(input.exitCode)}`);
    }
    return { phase: 'crashloop', reasons };
  }

  switch (input.state) {
    case 'paused':
      return { phase: 'paused', reasons: ['paused'] };
    case 'created':
      return { phase: 'created', reasons: ['created, never started'] };
    case 'restarting':
      return {
        phase: 'starting',
        reasons: [`restarting after ${oomEvidence ? 'an OOM kill' : exitReason(input.exitCode)}`],
      };
    case 'dead':
      return { phase: 'failed', reasons: ['dead: Docker could not stop or remove it cleanly'] };
    case 'running':
      return classifyRunning(input, oomEvidence, oomReason, exits.length, restartReason);
    case 'exited':
    case 'removing':
    default: {
      if (oomEvidence) {
        return { phase: 'oom-killed', reasons: [oomReason()] };
      }
      const reason = exitReason(input.exitCode);
      const clean = input.exitCode === 0 || input.exitCode === 137 || input.exitCode === 143;
      return { phase: clean ? 'exited' : 'failed', reasons: [reason] };
    }
  }
}

function classifyRunning(
  input: ClassifyInput,
  oomEvidence: boolean,
  oomReason: () => string,
  recentExitCount: number,
  restartReason: string,
): Classification {
  const reasons: string[] = [];
  let phase: Phase = 'running';
  if (input.health === 'unhealthy') {
    phase = 'degraded';
    reasons.push(`healthcheck failing: ${probeText(input.lastProbeOutput)}`);
  } else if (input.health === 'starting') {
    phase = 'starting';
    reasons.push('healthcheck starting');
  }
  const recentOom = input.oomAt != null ? input.now - input.oomAt <= RECENT_OOM_MS : oomEvidence;
  if (recentOom) {
    phase = 'degraded';
    // An OOM in this life that left the container up killed one of its processes, not the container.
    const thisLife =
      input.oomAt != null && input.startedAt != null && input.oomAt >= input.startedAt;
    reasons.push(
      thisLife && input.oomAt != null
        ? 'a process inside was OOM-killed'
        : `${oomReason()}, running again`,
    );
  }
  if (recentExitCount > 0) {
    reasons.push(restartReason);
  }
  if (reasons.length === 0) {
    reasons.push(input.health === 'healthy' ? 'running, healthy' : 'running');
  }
  return { phase, reasons };
}

/** Health from the list call's status text, e.g. "Up 5 minutes (healthy)": it saves an inspect. */
export function healthFromStatus(status: string): HealthStatus {
  if (/\(unhealthy\)/.test(status)) {
    return 'unhealthy';
  }
  if (/\(healthy\)/.test(status)) {
    return 'healthy';
  }
  if (/\(health: starting\)/.test(status)) {
    return 'starting';
  }
  return 'none';
}

/**
 * Docker keeps the last health status across a restart until the first new probe; a status older
 * than the current start is not this life's, so it reads as `starting`.
 */
export function currentHealth(
  reported: string | null | undefined,
  lastProbeEnd: number | null,
  startedAt: number | null,
): HealthStatus {
  if (!reported || reported === 'none') {
    return 'none';
  }
  if (startedAt != null && (lastProbeEnd == null || lastProbeEnd < startedAt)) {
    return 'starting';
  }
  return reported === 'healthy' || reported === 'unhealthy' || reported === 'starting'
    ? reported
    : 'none';
}
