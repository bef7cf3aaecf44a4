import {
  HttpException,
  HttpStatus,
  Injectable,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { HttpSettings } from '../config/settings.js';

/** The configured number of writes per client address per minute; beyond it 429 with Retry-After. */
@Injectable()
export class WriteRateLimitGuard implements CanActivate {
  private readonly limiter: RateLimiterMemory;

  constructor(http: HttpSettings) {
    this.limiter = new RateLimiterMemory({
      points: http.writeRateLimitPerMinute,
      duration: 60,
    });
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request>();
    const res = context.switchToHttp().getResponse<Response>();
    try {
      await this.limiter.consume(req.ip ?? req.socket.remoteAddress ?? 'unknown');
      return true;
    } catch (err) {
      if (!(err instanceof RateLimiterRes)) {
        throw err;
      }
      const retryAfter = Math.max(1, Math.ceil(err.msBeforeNext / 1000));
      res.setHeader('Retry-After', String(retryAfter));
      throw new HttpException(
        {
          statusCode: 429,
          error: 'Too Many Requests',
          message: `write rate limit reached; retry in ${retryAfter} s`,
          retryAfterMs: err.msBeforeNext,
        },
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
  }
}
