import { Injectable } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { AppConfig } from '../config/app-config.js';
import { ConnectionCaps } from './connection-caps.js';

/** The process-wide socket counters, shared by the gateway and runtime health. */
@Injectable()
export class ConnectionCapsService {
  readonly caps: ConnectionCaps;

  constructor(config: AppConfig) {
    this.caps = new ConnectionCaps({
      max: config.RUNTIME_WS_MAX_CLIENTS,
      perIp: config.RUNTIME_WS_MAX_CLIENTS_PER_IP,
    });
  }

  /** The peer address; X-Forwarded-For is honoured only once SIMSCOPE_TRUST_PROXY exists (issue 8). */
  clientIp(req: IncomingMessage): string {
    return req.socket.remoteAddress ?? 'unknown';
  }
}
