import type { ContainerDetails, DockerEvent } from '../adapters/docker/docker.types.js';

/** The lifecycle events whose own attributes say what the container's state now is. */
export const PROVISIONAL_ACTIONS: ReadonlySet<string> = new Set([
  'start',
  'die',
  'pause',
  'unpause',
]);

/**
 * The container's state as a lifecycle event says it is, from the last inspect plus the event's own
 * attributes: applied at once, so a viewer sees `start`/`die` without waiting for the inspect that
 * follows (which refines it: Docker's exact StartedAt, a restart policy's `restarting`, health).
 * Pure. null when the event says nothing certain about the state (kill, stop, create, …).
 */
export function stateFromEvent(
  details: ContainerDetails,
  event: Pick<DockerEvent, 'action' | 'timeMs' | 'attributes'>,
): ContainerDetails | null {
  if (!PROVISIONAL_ACTIONS.has(event.action) || !Number.isFinite(event.timeMs)) {
    return null;
  }
  const at = new Date(event.timeMs).toISOString();
  const prior = details.state;
  switch (event.action) {
    case 'start':
      return {
        ...details,
        state: {
          ...prior,
          status: 'running',
          running: true,
          paused: false,
          restarting: false,
          dead: false,
          oomKilled: false,
          exitCode: 0,
          error: '',
          startedAt: at,
          // Docker restarts the health monitor on every start: the probe log stays, the verdict resets.
          health: prior.health ? { ...prior.health, status: 'starting', failingStreak: 0 } : null,
        },
      };
    case 'die': {
      const code = Number(event.attributes.exitCode);
      return {
        ...details,
        state: {
          ...prior,
          status: 'exited',
          running: false,
          paused: false,
          restarting: false,
          exitCode: Number.isInteger(code) ? code : prior.exitCode,
          finishedAt: at,
        },
      };
    }
    case 'pause':
      return prior.running
        ? { ...details, state: { ...prior, status: 'paused', paused: true } }
        : null;
    default: // unpause
      return prior.paused
        ? { ...details, state: { ...prior, status: 'running', paused: false } }
        : null;
  }
}
