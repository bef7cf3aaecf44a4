import type { EngineEndpoint } from '../../config/endpoints.js';
import type { DockerActionsPort } from './docker-actions.port.js';
import { DockerodeActionsAdapter } from './dockerode-actions.adapter.js';

/** The action port of each engine, by its name (a row's `host`). The injection token of actions. */
export abstract class ActionPorts {
  abstract port(host: string): DockerActionsPort | undefined;
}

/** One action client per configured engine; made only when actions are switched on. */
export class DockerActionEngines extends ActionPorts {
  private readonly byHost: Map<string, DockerActionsPort>;

  constructor(endpoints: readonly EngineEndpoint[], maxStopSeconds: number, sshAgent?: string) {
    super();
    this.byHost = new Map(
      endpoints.map((e) => [
        e.name,
        new DockerodeActionsAdapter({
          dockerHost: e.url,
          certPath: e.certPath,
          tls: e.tls,
          tlsVerify: e.tlsVerify,
          sshAgent,
          maxStopSeconds,
        }),
      ]),
    );
  }

  port(host: string): DockerActionsPort | undefined {
    return this.byHost.get(host);
  }
}
