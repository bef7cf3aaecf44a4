import Docker from 'dockerode';
import {
  ContainerGoneError,
  DockerActionsPort,
  type ActionOutcome,
} from './docker-actions.port.js';
import { modemOptions, type DockerEndpointOptions } from './dockerode.adapter.js';

/** How long a call may take beyond the stop timeout Docker was given (the engine's own work). */
const SLACK_MS = 30_000;

/** Start, stop and restart through dockerode; one instance per engine, made only when actions are on. */
export class DockerodeActionsAdapter extends DockerActionsPort {
  readonly endpoint: string;
  private readonly docker: Docker;

  constructor(options: DockerEndpointOptions & { maxStopSeconds: number }) {
    super();
    const { modem, endpoint } = modemOptions(options);
    this.endpoint = endpoint;
    this.docker = new Docker({ ...modem, timeout: options.maxStopSeconds * 1000 + SLACK_MS });
  }

  start(id: string): Promise<ActionOutcome> {
    return outcome(id, this.docker.getContainer(id).start());
  }

  stop(id: string, timeoutSeconds: number): Promise<ActionOutcome> {
    return outcome(id, this.docker.getContainer(id).stop({ t: timeoutSeconds }));
  }

  restart(id: string, timeoutSeconds: number): Promise<ActionOutcome> {
    return outcome(id, this.docker.getContainer(id).restart({ t: timeoutSeconds }));
  }
}

/** Docker answers 304 when the container already is in the asked state, 404 when it is gone. */
async function outcome(id: string, call: Promise<unknown>): Promise<ActionOutcome> {
  try {
    await call;
    return 'done';
  } catch (err) {
    const status = (err as { statusCode?: number }).statusCode;
    if (status === 304) {
      return 'already';
    }
    if (status === 404) {
      throw new ContainerGoneError(id);
    }
    throw err;
  }
}
