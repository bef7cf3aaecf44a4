/** What a container action did: `done`, or `already` (Docker's 304: it was already in that state). */
export type ActionOutcome = 'done' | 'already';

/** The container does not exist on that engine (any more). */
export class ContainerGoneError extends Error {
  constructor(id: string) {
    super(`no container ${id}`);
    this.name = 'ContainerGoneError';
  }
}

/**
 * The only Docker writes simscope can make, and only when actions are switched on: start, stop and
 * restart of one container. Kept apart from the read-only DockerPort on purpose — that one stays
 * read-only and its test says so; this one offers exactly these three calls and its test says that.
 */
export abstract class DockerActionsPort {
  /** The endpoint in use, without credentials. */
  abstract readonly endpoint: string;
  abstract start(id: string): Promise<ActionOutcome>;
  /** SIGTERM, then SIGKILL after `timeoutSeconds`. */
  abstract stop(id: string, timeoutSeconds: number): Promise<ActionOutcome>;
  abstract restart(id: string, timeoutSeconds: number): Promise<ActionOutcome>;
}
