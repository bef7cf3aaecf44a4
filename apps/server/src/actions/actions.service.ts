import {
  BadGatewayException,
  ForbiddenException,
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
  Logger,
  NotFoundException,
  Optional,
} from '@nestjs/common';
import {
  ACTION_RESULT_SCHEMA,
  type ActionResultPayload,
  type ContainerAction,
  type SimulationContainer,
} from '@simscope/contracts';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { ActionPorts } from '../adapters/docker/docker-action-engines.js';
import {
  ContainerGoneError,
  type ActionOutcome,
  type DockerActionsPort,
} from '../adapters/docker/docker-actions.port.js';
import { authorOf, type Identity } from '../auth/identity.js';
import { ActionsSettings, DiscoverySettings } from '../config/settings.js';
import { InventoryReader } from '../docker/inventory-reader.js';
import { MetaService } from '../meta/meta.service.js';
import { actionNote, type ActionEnd } from './action-note.js';
import { refusal, type Self } from './action-policy.js';

/** This server's own container id (null outside a container): an injection token. */
export const SELF_CONTAINER_ID = Symbol('SELF_CONTAINER_ID');

/**
 * Start, stop and restart of one simulation, when switched on: rate-limited per caller, refused by
 * policy (role, simscope's own containers, protected ones), done through the engine's action port,
 * and every outcome — refusals and Docker failures too — appended as an `action` note before answering.
 */
@Injectable()
export class ActionsService {
  private readonly logger = new Logger(ActionsService.name);
  private readonly limiter: RateLimiterMemory;
  private readonly self: Self;

  constructor(
    private readonly inventory: InventoryReader,
    private readonly meta: MetaService,
    private readonly settings: ActionsSettings,
    discovery: DiscoverySettings,
    @Optional() @Inject(ActionPorts) private readonly ports: ActionPorts | null,
    @Optional() @Inject(SELF_CONTAINER_ID) selfId: string | null,
  ) {
    this.limiter = new RateLimiterMemory({ points: settings.perMinute, duration: 60 });
    this.self = { containerId: selfId ?? null, prefix: discovery.labelPrefix };
  }

  /** `client` is the caller's address: the rate limit's key when nobody is identified. */
  async act(
    ref: string,
    action: ContainerAction,
    who: Identity,
    client: string,
  ): Promise<ActionResultPayload> {
    if (!this.settings.enabled || !this.ports) {
      throw new NotFoundException('container actions are switched off on this server');
    }
    await this.consume(who.id === 'anonymous' ? `ip:${client}` : `id:${who.id}`);
    const row = this.inventory.resolve(ref);
    if (!row) {
      throw new NotFoundException(`no simulation '${ref}'`);
    }
    const why = refusal(action, row, who, this.self, this.inventory.rows());
    if (why) {
      const note = await this.record(action, row, who, { kind: 'refused', reason: why });
      throw new ForbiddenException({
        statusCode: 403,
        error: 'Forbidden',
        message: why,
        noteId: note,
      });
    }
    const port = this.ports.port(row.host);
    if (!port) {
      throw new NotFoundException(`no engine '${row.host}' for ${row.name}`);
    }
    const started = performance.now();
    let result: ActionOutcome;
    try {
      result = await this.call(port, action, row.id);
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      const durationMs = performance.now() - started;
      const noteId = await this.record(action, row, who, { kind: 'failed', error, durationMs });
      if (err instanceof ContainerGoneError) {
        throw new NotFoundException({
          statusCode: 404,
          error: 'Not Found',
          message: error,
          noteId,
        });
      }
      throw new BadGatewayException({
        statusCode: 502,
        error: 'Bad Gateway',
        message: `Docker could not ${action} ${row.name}: ${error}`,
        noteId,
      });
    }
    const durationMs = Math.round(performance.now() - started);
    const noteId = await this.record(action, row, who, { kind: 'done', result, durationMs });
    return {
      schema: ACTION_RESULT_SCHEMA,
      action,
      container: { id: row.id, name: row.name, host: row.host },
      result,
      durationMs,
      noteId,
    };
  }

  private call(
    port: DockerActionsPort,
    action: ContainerAction,
    id: string,
  ): Promise<ActionOutcome> {
    const timeout = this.settings.stopTimeoutSeconds;
    switch (action) {
      case 'start':
        return port.start(id);
      case 'stop':
        return port.stop(id, timeout);
      case 'restart':
        return port.restart(id, timeout);
    }
  }

  /** Appends the action's note; returns its id. The answer waits for it: the record comes first. */
  private async record(
    action: ContainerAction,
    row: SimulationContainer,
    who: Identity,
    end: ActionEnd,
  ): Promise<string> {
    const note = await this.meta.addNote(actionNote(action, row, end), 'user', authorOf(who));
    this.logger.log(`${who.name}: ${note.title}`);
    return note.id;
  }

  private async consume(key: string): Promise<void> {
    try {
      await this.limiter.consume(key);
    } catch (err) {
      if (!(err instanceof RateLimiterRes)) {
        throw err;
      }
      const retryAfterMs = err.msBeforeNext;
      throw new HttpException(
        {
          statusCode: 429,
          error: 'Too Many Requests',
          message: `action rate limit reached (${this.settings.perMinute} per minute); retry in ${Math.ceil(retryAfterMs / 1000)} s`,
          retryAfterMs,
        },
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
  }
}
