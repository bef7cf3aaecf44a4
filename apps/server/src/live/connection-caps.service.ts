import { Injectable } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { HttpSettings, LiveSettings } from '../config/settings.js';
import { clientAddress, type TrustFn } from '../config/trust-proxy.js';
import { ConnectionCaps } from './connection-caps.js';

/** The process-wide socket counters, shared by the gateway and runtime health. */
@Injectable()
export class ConnectionCapsService {
  readonly caps: ConnectionCaps;
  private readonly trust: TrustFn | null;

  constructor(http: HttpSettings, live: LiveSettings) {
    this.trust = http.trustProxy;
    this.caps = new ConnectionCaps({
      max: live.maxClients,
      perIp: live.maxClientsPerIp,
    });
  }

  /** The client's address: X-Forwarded-For counts only from trusted proxies. */
  clientIp(req: IncomingMessage): string {
    return clientAddress(req, this.trust);
  }
}
