import { HttpException, HttpStatus } from '@nestjs/common';

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

  async run<T>(client: string, work: () => Promise<T>): Promise<T> {
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
    try {
      return await work();
    } finally {
      this.all--;
      const left = (this.inFlight.get(client) ?? 1) - 1;
      if (left > 0) {
        this.inFlight.set(client, left);
      } else {
        this.inFlight.delete(client);
      }
    }
  }
}
