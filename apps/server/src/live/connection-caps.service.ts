import { Injectable } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { AppConfig } from '../config/app-config.js';
import { clientAddress, compileTrust, type TrustFn } from '../config/trust-proxy.js';
import { ConnectionCaps } from './connection-caps.js';

/** The process-wide socket counters, shared by the gateway and runtime health. */
@Injectable()
export class ConnectionCapsService {
  readonly caps: ConnectionCaps;
  private readonly trust: TrustFn | null;

  constructor(config: AppConfig) {
    this.trust = compileTrust(config.SIMSCOPE_TRUST_PROXY);
    this.caps = new ConnectionCaps({
      max: config.RUNTIME_WS_MAX_CLIENTS,
      perIp: config.RUNTIME_WS_MAX_CLIENTS_PER_IP,
    });
  }

  /** The client's address: X-Forwarded-For counts only from peers SIMSCOPE_TRUST_PROXY trusts. */
  clientIp(req: IncomingMessage): string {
    return clientAddress(req, this.trust);
  }
}
