import { timingSafeEqual } from 'node:crypto';
import {
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import type { Request } from 'express';
import { HttpSettings } from '../config/settings.js';

/**
 * `none` mode: when an API token is set, a write needs `Authorization: Bearer <token>`. In `token`
 * mode the AuthGuard has already checked the caller's key and role; this adds nothing.
 */
@Injectable()
export class WriteTokenGuard implements CanActivate {
  private readonly token: Buffer | null;

  constructor(http: HttpSettings) {
    this.token = http.apiToken && http.authMode === 'none' ? Buffer.from(http.apiToken) : null;
  }

  canActivate(context: ExecutionContext): boolean {
    if (!this.token) {
      return true;
    }
    const header = context.switchToHttp().getRequest<Request>().headers.authorization ?? '';
    const given = Buffer.from(header.startsWith('Bearer ') ? header.slice(7) : '');
    if (given.length === this.token.length && timingSafeEqual(given, this.token)) {
      return true;
    }
    throw new UnauthorizedException({
      statusCode: 401,
      error: 'unauthorized',
      message: 'a valid bearer token is required for writes',
    });
  }
}
