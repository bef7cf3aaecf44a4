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
  roleAllows,
  type FollowAck,
  type Role,
  type SubscribeAck,
  type WatchAck,
} from '@simscope/contracts';
import { LogsService } from '../stats/logs.service.js';
import { SimEventsService } from '../sim-events/sim-events.service.js';
import { StatsService } from '../stats/stats.service.js';
import type { IncomingMessage } from 'node:http';
import { WsValidationFilter } from './ws-validation.filter.js';
import { LiveSettings, SETTING_NAMES } from '../config/settings.js';
import { GuardService } from '../runtime/guard.service.js';
import { ConnectionCapsService } from './connection-caps.service.js';
import { installHandshakeAdmission } from './handshake-admission.js';
import {
  ALL_ROOM,
  LiveStreamService,
  initialSocketData,
  statsRoom,
  type LiveServer,
  type LiveSocket,
} from './live-stream.service.js';
import { SocketEventLimiter, originAllowed } from './socket-limits.js';
import { authenticateSockets, closeSoon, closing } from './socket-auth.js';
import { AuthService } from '../auth/auth.service.js';

/**
 * What each client event needs (token mode). Logs may hold secrets: operators. An event missing here
 * fails the gateway's spec.
 */
export const EVENT_ROLES: Record<string, Role> = {
  watch_container: 'viewer',
  unwatch_container: 'viewer',
  'logs:follow': 'operator',
  'logs:unfollow': 'viewer',
  'events:follow': 'viewer',
  'events:unfollow': 'viewer',
  'docker_simulations:resync': 'viewer',
  subscribe: 'viewer',
};

/** A connection that has not joined the namespace (sent its auth) by then is closed. */
const CONNECT_TIMEOUT_MS = 5000;

/** The one Socket.IO gateway: snapshot on connect, coalesced deltas after, caps at the handshake. */
@UseFilters(new WsValidationFilter())
@WebSocketGateway({
  path: SOCKET_PATH,
  serveClient: false,
  pingInterval: 25_000,
  pingTimeout: 20_000,
  connectTimeout: CONNECT_TIMEOUT_MS,
})
export class LiveGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect {
  private readonly logger = new Logger(LiveGateway.name);
  private readonly limiter: SocketEventLimiter;

  constructor(
    private readonly stream: LiveStreamService,
    private readonly caps: ConnectionCapsService,
    private readonly guard: GuardService,
    private readonly settings: LiveSettings,
    private readonly stats: StatsService,
    private readonly logs: LogsService,
    private readonly simEvents: SimEventsService,
    private readonly auth: AuthService,
  ) {
    this.limiter = new SocketEventLimiter(settings.eventsPerSecond);
  }

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
    authenticateSockets(
      server,
      this.auth,
      (req) => this.caps.clientIp(req),
      (reason) => this.stream.count(reason),
    );
  }

  async handleConnection(socket: LiveSocket): Promise<void> {
    socket.data = initialSocketData(
      this.caps.clientIp(socket.request),
      (socket.data as Partial<LiveSocket['data']> | undefined)?.identity,
    );
    (socket.conn as unknown as { request: unknown }).request = null;
    socket.use((packet, next) => {
      void this.limiter.check(socket.id).then((verdict) => {
        if (verdict === 'ok') {
          const need = EVENT_ROLES[String(packet[0])];
          if (need && !roleAllows(socket.data.identity.role, need)) {
            this.stream.count('forbidden');
            const ack: unknown = packet.at(-1);
            if (typeof ack === 'function') {
              (ack as (a: object) => void)({
                ok: false,
                error: 'forbidden',
                message: `needs the ${need} role; ${socket.data.identity.name} is ${socket.data.identity.role}`,
              });
            }
            return;
          }
          next();
        } else if (verdict === 'drop') {
          this.stream.count('event_dropped');
        } else if (!closing.has(socket)) {
          this.stream.count('rate_limited');
          this.logger.warn(`closing socket ${socket.id} (${socket.data.ip}): too many events`);
          socket.emit('live:closing', {
            reason: 'rate_limited',
            detail: `more than ${this.settings.eventsPerSecond} events per second`,
          });
          closeSoon(socket);
        }
      });
    });
    await socket.join(ALL_ROOM);
    this.stream.sendSnapshot(socket);
    this.stream.sendHealth(socket);
  }

  handleDisconnect(socket: LiveSocket): void {
    // Rooms and slots are released by Socket.IO and the engine's close event; Docker streams here.
    this.stats.release(socket.id);
    this.logs.release(socket.id);
    this.simEvents.release(socket.id);
    this.limiter.forget(socket.id);
  }

  /** Live stats for one simulation: its history at once (in the ack), then each sample. */
  @SubscribeMessage('watch_container')
  async watch(
    @ConnectedSocket() socket: LiveSocket,
    @MessageBody() body: ContainerRefDto,
  ): Promise<WatchAck> {
    const refused = this.overWatchCap(socket, `stats:${body.id}`);
    if (refused) {
      return { ok: false, id: body.id, samples: [], error: refused };
    }
    const ack = await this.stats.watchSimulation(body.id, socket.id);
    if (ack.ok) {
      socket.data.streams.add(`stats:${body.id}`);
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
    socket.data.streams.delete(`stats:${body.id}`);
    await socket.leave(statsRoom(this.stats.unwatchSimulation(body.id, socket.id)));
  }

  /** New output of one running simulation as `logs:chunk`, within this socket's line rate. */
  @SubscribeMessage('logs:follow')
  async follow(
    @ConnectedSocket() socket: LiveSocket,
    @MessageBody() body: ContainerRefDto,
  ): Promise<FollowAck> {
    const refused = this.overWatchCap(socket, `logs:${body.id}`);
    if (refused) {
      return { ok: false, id: body.id, error: refused };
    }
    const ack = await this.logs.followSimulation(body.id, socket.id, {
      // A parked socket's log lines are dropped, not queued: they are the one unbounded stream.
      chunk: (chunk) => this.stream.canSend(socket) && socket.emit('logs:chunk', chunk),
      end: (end) => socket.emit('logs:end', end),
    });
    if (ack.ok) {
      socket.data.streams.add(`logs:${body.id}`);
    }
    if (ack.ok && !socket.connected) {
      this.logs.unfollow(ack.id, socket.id);
    }
    return ack;
  }

  @SubscribeMessage('logs:unfollow')
  unfollow(@ConnectedSocket() socket: LiveSocket, @MessageBody() body: ContainerRefDto): void {
    socket.data.streams.delete(`logs:${body.id}`);
    this.logs.unfollowSimulation(body.id, socket.id);
  }

  /** New events of one simulation as `events:batch`, within this socket's rate (history: REST). */
  @SubscribeMessage('events:follow')
  followEvents(
    @ConnectedSocket() socket: LiveSocket,
    @MessageBody() body: ContainerRefDto,
  ): FollowAck {
    const refused = this.overWatchCap(socket, `events:${body.id}`);
    if (refused) {
      return { ok: false, id: body.id, error: refused };
    }
    const ack = this.simEvents.follow(body.id, socket.id, {
      batch: (batch) => this.stream.canSend(socket) && socket.emit('events:batch', batch),
      end: () => socket.data.streams.delete(`events:${body.id}`),
    });
    if (ack.ok) {
      socket.data.streams.add(`events:${body.id}`);
    }
    return ack;
  }

  @SubscribeMessage('events:unfollow')
  unfollowEvents(@ConnectedSocket() socket: LiveSocket, @MessageBody() body: ContainerRefDto): void {
    socket.data.streams.delete(`events:${body.id}`);
    this.simEvents.unfollow(body.id, socket.id);
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

  /** Why this socket may not open one more stream (null: it may). */
  private overWatchCap(socket: LiveSocket, key: string): string | null {
    const streams = socket.data.streams;
    if (streams.has(key) || streams.size < this.settings.maxWatches) {
      return null;
    }
    this.stream.count('watch_cap');
    return `at most ${this.settings.maxWatches} watched or followed containers per connection`;
  }

  private admit(req: IncomingMessage) {
    if (!originAllowed(req, this.settings.allowedOrigins)) {
      this.stream.count('origin_not_allowed');
      return {
        status: 403,
        body: {
          error: 'origin_not_allowed',
          message: `Origin ${req.headers.origin} may not open the live stream; the server's own origin and ${SETTING_NAMES.allowedOrigins} may`,
        },
      };
    }
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
