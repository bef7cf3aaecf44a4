import type { EngineEndpoint } from '../../config/endpoints.js';
import { DockerPort } from './docker.port.js';
import { DockerodeAdapter } from './dockerode.adapter.js';

/** One read-only Docker port per configured engine, in configuration order. */
export class DockerEngines {
  readonly engines: { endpoint: EngineEndpoint; port: DockerPort }[];

  constructor(endpoints: readonly EngineEndpoint[], sshAgent?: string) {
    this.engines = endpoints.map((endpoint) => ({
      endpoint,
      port: new DockerodeAdapter({
        dockerHost: endpoint.url,
        certPath: endpoint.certPath,
        tls: endpoint.tls,
        tlsVerify: endpoint.tlsVerify,
        sshAgent,
      }),
    }));
  }
}
