import {
  HttpException,
  HttpStatus,
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { finalize, type Observable } from 'rxjs';

/**
 * At most `perClient` log tails in flight per client address and `total` overall; beyond, 429 with
 * Retry-After. A tail reads up to a megabyte from Docker and holds it while it demultiplexes, so
 * twenty at once from one browser tab should queue on the client, not in the server's memory.
 */
export class TailGate {
  private readonly inFlight = new Map<string, number>();
  private all = 0;

  constructor(
    private readonly perClient: number,
    private readonly total: number,
  ) {}

  /** Takes a slot for `client` and returns its release (call it once); 429 when none is free. */
  acquire(client: string): () => void {
    const mine = this.inFlight.get(client) ?? 0;
    if (mine >= this.perClient || this.all >= this.total) {
      throw new HttpException(
        {
          statusCode: 429,
          error: 'Too Many Requests',
          message:
            mine >= this.perClient
              ? `at most ${this.perClient} log tails at once per client; retry in 1 s`
              : `at most ${this.total} log tails at once; retry in 1 s`,
          retryAfterMs: 1000,
        },
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    this.inFlight.set(client, mine + 1);
    this.all++;
    let released = false;
    return () => {
      if (released) {
        return;
      }
      released = true;
      this.all--;
      const left = (this.inFlight.get(client) ?? 1) - 1;
      if (left > 0) {
        this.inFlight.set(client, left);
      } else {
        this.inFlight.delete(client);
      }
    };
  }

  /** `work` in a slot of `client`'s, released when it settles. */
  async run<T>(client: string, work: () => Promise<T>): Promise<T> {
    const release = this.acquire(client);
    try {
      return await work();
    } finally {
      release();
    }
  }
}

/** Puts a route behind a TailGate keyed by the client's address; a refusal carries Retry-After. */
@Injectable()
export class TailGateInterceptor implements NestInterceptor {
  /** Log tails in flight: 4 per client address, 8 in all. */
  private readonly gate = new TailGate(4, 8);

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    let release: () => void;
    try {
      release = this.gate.acquire(http.getRequest<Request>().ip ?? 'unknown');
    } catch (err) {
      http.getResponse<Response>().setHeader('Retry-After', '1');
      throw err;
    }
    return next.handle().pipe(finalize(release));
  }
}
