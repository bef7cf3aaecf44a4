import { Logger, UseFilters } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  type OnGatewayConnection,
  type OnGatewayDisconnect,
  type OnGatewayInit,
} from '@nestjs/websockets';
import { SOCKET_PATH, SubscribeDto, type SubscribeAck } from '@simscope/contracts';
import type { IncomingMessage } from 'node:http';
import { WsValidationFilter } from './ws-validation.filter.js';
import { AppConfig } from '../config/app-config.js';
import { GuardService } from '../health/guard.service.js';
import { ConnectionCapsService } from './connection-caps.service.js';
import { installHandshakeAdmission } from './handshake-admission.js';
import {
  ALL_ROOM,
  LiveStreamService,
  type LiveServer,
  type LiveSocket,
} from './live-stream.service.js';

/** The one Socket.IO gateway: snapshot on connect, coalesced deltas after, caps at the handshake. */
@UseFilters(new WsValidationFilter())
@WebSocketGateway({
  path: SOCKET_PATH,
  serveClient: false,
  pingInterval: 25_000,
  pingTimeout: 20_000,
})
export class LiveGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect {
  private readonly logger = new Logger(LiveGateway.name);

  constructor(
    private readonly stream: LiveStreamService,
    private readonly caps: ConnectionCapsService,
    private readonly guard: GuardService,
    private readonly config: AppConfig,
  ) {}

  afterInit(server: LiveServer): void {
    this.stream.bind(server);
    const http = (server as unknown as { httpServer?: import('node:http').Server }).httpServer;
    if (http) {
      installHandshakeAdmission(http, SOCKET_PATH, (req) => this.admit(req));
    } else {
      this.logger.warn(
        'No HTTP server to guard: connection caps are not enforced at the handshake',
      );
    }
    // Slots follow engine.io connections, so every kind of close (ping timeout included) frees one.
    server.engine.on(
      'connection',
      (raw: { request: IncomingMessage; once(e: 'close', f: () => void): void }) => {
        const ip = this.caps.clientIp(raw.request);
        this.caps.caps.attach(ip);
        raw.once('close', () => this.caps.caps.release(ip));
      },
    );
    const token = this.config.SIMSCOPE_API_TOKEN;
    if (token) {
      server.use((socket, next) => {
        const auth = socket.handshake.auth as { token?: unknown } | undefined;
        if (auth?.token === token) {
          next();
          return;
        }
        const err = new Error('unauthorized') as Error & { data?: object };
        err.data = { status: 401, error: 'unauthorized' };
        next(err);
      });
    }
  }

  async handleConnection(socket: LiveSocket): Promise<void> {
    socket.data.ip = this.caps.clientIp(socket.request);
    socket.data.clusters = null;
    socket.data.lagging = false;
    await socket.join(ALL_ROOM);
    this.stream.sendSnapshot(socket);
    this.stream.sendHealth(socket);
  }

  handleDisconnect(): void {
    // Rooms and slots are released by Socket.IO and the engine's close event.
  }

  @SubscribeMessage('docker_simulations:resync')
  resync(@ConnectedSocket() socket: LiveSocket): void {
    this.stream.sendSnapshot(socket);
  }

  /** Validated against SubscribeDto by the global ValidationPipe (it covers gateways too). */
  @SubscribeMessage('subscribe')
  async subscribe(
    @ConnectedSocket() socket: LiveSocket,
    @MessageBody() body: SubscribeDto,
  ): Promise<SubscribeAck> {
    await this.stream.setFilter(socket, body.clusters ?? null);
    return { ok: true, clusters: socket.data.clusters };
  }

  private admit(req: IncomingMessage) {
    if (this.config.RUNTIME_GUARD_REFUSE_WS_ON_CRITICAL && this.guard.mode === 'critical') {
      const caps = this.caps.caps;
      const body = {
        error: 'websocket_capacity_reached' as const,
        max: caps.max,
        current: caps.current,
        retryAfterMs: 10_000,
        scope: 'guard' as const,
        reason: `the server is under critical pressure: ${this.guard.reasons.join('; ')}`,
      };
      return { status: 503, body, retryAfterMs: body.retryAfterMs };
    }
    const refusal = this.caps.caps.admit(this.caps.clientIp(req));
    return refusal ? { status: 503, body: refusal, retryAfterMs: refusal.retryAfterMs } : null;
  }
}
