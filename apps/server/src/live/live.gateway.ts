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
import {
  ContainerRefDto,
  SOCKET_PATH,
  SubscribeDto,
  type FollowAck,
  type SubscribeAck,
  type WatchAck,
} from '@simscope/contracts';
import { SimulationsService } from '../docker/simulations.service.js';
import { LogsService } from '../stats/logs.service.js';
import { StatsService } from '../stats/stats.service.js';
import type { IncomingMessage } from 'node:http';
import { WsValidationFilter } from './ws-validation.filter.js';
import { AppConfig } from '../config/app-config.js';
import { GuardService } from '../health/guard.service.js';
import { ConnectionCapsService } from './connection-caps.service.js';
import { installHandshakeAdmission } from './handshake-admission.js';
import {
  ALL_ROOM,
  LiveStreamService,
  statsRoom,
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
    private readonly stats: StatsService,
    private readonly logs: LogsService,
    private readonly simulations: SimulationsService,
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
    socket.data.hosts = null;
    socket.data.lagging = false;
    await socket.join(ALL_ROOM);
    this.stream.sendSnapshot(socket);
    this.stream.sendHealth(socket);
  }

  handleDisconnect(socket: LiveSocket): void {
    // Rooms and slots are released by Socket.IO and the engine's close event; Docker streams here.
    this.stats.release(socket.id);
    this.logs.release(socket.id);
  }

  /** Live stats for one simulation: its history at once (in the ack), then each sample. */
  @SubscribeMessage('watch_container')
  async watch(
    @ConnectedSocket() socket: LiveSocket,
    @MessageBody() body: ContainerRefDto,
  ): Promise<WatchAck> {
    const c = this.simulations.resolve(body.id);
    if (!c || c.state !== 'running') {
      const error = c ? `${c.name} is not running` : `No simulation container '${body.id}'`;
      return { ok: false, id: c?.id ?? body.id, samples: [], error };
    }
    const samples = await this.stats.watch(c.id, socket.id);
    if (socket.connected) {
      await socket.join(statsRoom(c.id));
    } else {
      this.stats.unwatch(c.id, socket.id);
    }
    return { ok: true, id: c.id, samples };
  }

  @SubscribeMessage('unwatch_container')
  async unwatch(
    @ConnectedSocket() socket: LiveSocket,
    @MessageBody() body: ContainerRefDto,
  ): Promise<void> {
    const id = this.simulations.resolve(body.id)?.id ?? body.id;
    this.stats.unwatch(id, socket.id);
    await socket.leave(statsRoom(id));
  }

  /** New output of one running simulation as `logs:chunk`, within this socket's line rate. */
  @SubscribeMessage('logs:follow')
  async follow(
    @ConnectedSocket() socket: LiveSocket,
    @MessageBody() body: ContainerRefDto,
  ): Promise<FollowAck> {
    let id: string;
    try {
      id = await this.logs.follow(body.id, socket.id, {
        chunk: (chunk) => socket.emit('logs:chunk', chunk),
        end: (end) => socket.emit('logs:end', end),
      });
    } catch (err) {
      return { ok: false, id: body.id, error: err instanceof Error ? err.message : String(err) };
    }
    if (!socket.connected) {
      this.logs.unfollow(id, socket.id);
    }
    return { ok: true, id };
  }

  @SubscribeMessage('logs:unfollow')
  unfollow(@ConnectedSocket() socket: LiveSocket, @MessageBody() body: ContainerRefDto): void {
    this.logs.unfollow(this.simulations.resolve(body.id)?.id ?? body.id, socket.id);
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
    await this.stream.setFilter(socket, body.clusters ?? null, body.hosts ?? null);
    return { ok: true, clusters: socket.data.clusters, hosts: socket.data.hosts };
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
