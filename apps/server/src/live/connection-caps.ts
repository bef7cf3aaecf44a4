import type { CapacityRefusal } from '@simscope/contracts';

export interface CapLimits {
  max: number;
  perIp: number;
}

/**
 * Counts live sockets, globally and per client address. Pure bookkeeping: the gateway calls
 * `admit` during the handshake and `attach`/`release` when a connection opens and closes.
 */
export class ConnectionCaps {
  private total = 0;
  private readonly byIp = new Map<string, number>();

  constructor(private readonly limits: CapLimits) {}

  get current(): number {
    return this.total;
  }

  get max(): number {
    return this.limits.max;
  }

  countFor(ip: string): number {
    return this.byIp.get(ip) ?? 0;
  }

  /** null when the handshake may proceed, else the refusal to send. */
  admit(ip: string): CapacityRefusal | null {
    if (this.total >= this.limits.max) {
      return refusal(this.limits.max, this.total, 'global');
    }
    const mine = this.countFor(ip);
    if (mine >= this.limits.perIp) {
      return refusal(this.limits.perIp, mine, 'per-ip');
    }
    return null;
  }

  attach(ip: string): void {
    this.total++;
    this.byIp.set(ip, this.countFor(ip) + 1);
  }

  release(ip: string): void {
    this.total = Math.max(0, this.total - 1);
    const left = this.countFor(ip) - 1;
    if (left > 0) {
      this.byIp.set(ip, left);
    } else {
      this.byIp.delete(ip);
    }
  }
}

function refusal(max: number, current: number, scope: 'global' | 'per-ip'): CapacityRefusal {
  // Clients back off a little longer the more crowded it is.
  return { error: 'websocket_capacity_reached', max, current, retryAfterMs: 5000, scope };
}
