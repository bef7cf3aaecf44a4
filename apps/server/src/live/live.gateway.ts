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
import { LogsService } from '../stats/logs.service.js';
import { StatsService } from '../stats/stats.service.js';
import type { IncomingMessage } from 'node:http';
import { WsValidationFilter } from './ws-validation.filter.js';
import { HttpSettings, LiveSettings } from '../config/settings.js';
import { GuardService } from '../runtime/guard.service.js';
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
    private readonly http: HttpSettings,
    private readonly settings: LiveSettings,
    private readonly stats: StatsService,
    private readonly logs: LogsService,
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
    const token = this.http.apiToken;
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
    const ack = await this.stats.watchSimulation(body.id, socket.id);
    if (ack.ok) {
      // The socket may have gone while the stream opened; its disconnect released nothing then.
      if (socket.connected) {
        await socket.join(statsRoom(ack.id));
      } else {
        this.stats.unwatch(ack.id, socket.id);
      }
    }
    return ack;
  }

  @SubscribeMessage('unwatch_container')
  async unwatch(
    @ConnectedSocket() socket: LiveSocket,
    @MessageBody() body: ContainerRefDto,
  ): Promise<void> {
    await socket.leave(statsRoom(this.stats.unwatchSimulation(body.id, socket.id)));
  }

  /** New output of one running simulation as `logs:chunk`, within this socket's line rate. */
  @SubscribeMessage('logs:follow')
  async follow(
    @ConnectedSocket() socket: LiveSocket,
    @MessageBody() body: ContainerRefDto,
  ): Promise<FollowAck> {
    const ack = await this.logs.followSimulation(body.id, socket.id, {
      chunk: (chunk) => socket.emit('logs:chunk', chunk),
      end: (end) => socket.emit('logs:end', end),
    });
    if (ack.ok && !socket.connected) {
      this.logs.unfollow(ack.id, socket.id);
    }
    return ack;
  }

  @SubscribeMessage('logs:unfollow')
  unfollow(@ConnectedSocket() socket: LiveSocket, @MessageBody() body: ContainerRefDto): void {
    this.logs.unfollowSimulation(body.id, socket.id);
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
    if (this.settings.refuseOnCritical && this.guard.mode === 'critical') {
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
