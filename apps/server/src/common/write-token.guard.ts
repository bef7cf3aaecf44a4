import { timingSafeEqual } from 'node:crypto';
import {
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import type { Request } from 'express';
import { AppConfig } from '../config/app-config.js';

/** When SIMSCOPE_API_TOKEN is set, a write needs `Authorization: Bearer <token>`. */
@Injectable()
export class WriteTokenGuard implements CanActivate {
  private readonly token: Buffer | null;

  constructor(config: AppConfig) {
    this.token = config.SIMSCOPE_API_TOKEN ? Buffer.from(config.SIMSCOPE_API_TOKEN) : null;
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
