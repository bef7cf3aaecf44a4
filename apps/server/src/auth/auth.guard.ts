import {
  ForbiddenException,
  HttpException,
  HttpStatus,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { roleAllows } from '@simscope/contracts';
import type { Request, Response } from 'express';
import { AuthService, type Presented } from './auth.service.js';
import { setIdentity } from './identity.js';
import { NEEDS_ROLE, type RouteAccess } from './needs-role.js';

/** The credential of a request: `Authorization: Bearer <key>`, or `X-API-Key: <key>`. */
export function credentialOf(req: Request): string | undefined {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) {
    return header.slice(7).trim() || undefined;
  }
  const key = req.headers['x-api-key'];
  return typeof key === 'string' && key ? key : undefined;
}

/** What a request presents: its key, its client and peer addresses, its headers. */
export function presentedBy(req: Request): Presented {
  return {
    credential: credentialOf(req),
    client: req.ip ?? 'unknown',
    peer: req.socket.remoteAddress ?? 'unknown',
    headers: req.headers,
  };
}

/**
 * Every route's access, on every request: who is asking (401 when nobody or a wrong key, 429 after
 * repeated failures) and whether their role may (403). A route that does not say what it needs is
 * refused in token mode, so a new route cannot be open by omission.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly auth: AuthService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http' || this.auth.mode === 'none') {
      return true;
    }
    const need = this.reflector.getAllAndOverride<RouteAccess | undefined>(NEEDS_ROLE, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (need === 'public') {
      return true;
    }
    const req = context.switchToHttp().getRequest<Request>();
    const verdict = await this.auth.identify(presentedBy(req));
    if (!verdict.ok) {
      if (verdict.status === 429) {
        const retry = Math.max(1, Math.ceil((verdict.retryAfterMs ?? 60_000) / 1000));
        context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(retry));
        throw new HttpException(
          { statusCode: 429, error: 'Too Many Requests', message: verdict.message },
          HttpStatus.TOO_MANY_REQUESTS,
        );
      }
      if (verdict.status === 403) {
        throw new ForbiddenException(verdict.message);
      }
      throw new UnauthorizedException({
        statusCode: 401,
        error: 'unauthorized',
        message: verdict.message,
      });
    }
    setIdentity(req, verdict.identity);
    if (need === undefined) {
      throw new ForbiddenException('this route declares no role');
    }
    if (!roleAllows(verdict.identity.role, need)) {
      throw new ForbiddenException(
        `needs the ${need} role; ${verdict.identity.name} is ${verdict.identity.role}`,
      );
    }
    return true;
  }
}
