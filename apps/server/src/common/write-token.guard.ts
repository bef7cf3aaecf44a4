import {
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import type { Request } from 'express';
import { HttpSettings } from '../config/settings.js';
import { sameSecret } from './secrets.js';

/**
 * `none` mode: when an API token is set, a write needs `Authorization: Bearer <token>`. In `token`
 * mode the AuthGuard has already checked the caller's key and role; this adds nothing.
 */
@Injectable()
export class WriteTokenGuard implements CanActivate {
  private readonly token: string | null;

  constructor(http: HttpSettings) {
    this.token = http.apiToken && http.authMode === 'none' ? http.apiToken : null;
  }

  canActivate(context: ExecutionContext): boolean {
    if (!this.token) {
      return true;
    }
    const header = context.switchToHttp().getRequest<Request>().headers.authorization ?? '';
    const given = header.startsWith('Bearer ') ? header.slice(7) : '';
    // Constant time whatever the lengths: a length check first would say how long the token is.
    if (sameSecret(given, this.token)) {
      return true;
    }
    throw new UnauthorizedException({
      statusCode: 401,
      error: 'unauthorized',
      message: 'a valid bearer token is required for writes',
    });
  }
}
