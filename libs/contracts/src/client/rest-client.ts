import type { ApiErrorBody } from '../payloads/error.js';
import type { DockerStatusPayload } from '../payloads/docker-status.js';
import type { DockerSimulationsPayload, SimulationDetail } from '../payloads/docker-simulations.js';
import type { RuntimeHealthPayload } from '../payloads/runtime-health.js';
import type { SimulationsQueryDto } from '../dtos/simulations-query.dto.js';

export type SimulationsQuery = Partial<
  Pick<SimulationsQueryDto, 'cluster' | 'phase' | 'experiment' | 'q'>
>;

export interface SimscopeClientOptions {
  /** e.g. http://localhost:3000; empty for same-origin in the browser. */
  baseUrl?: string;
  /** Sent as a bearer token on writes (and reads, harmlessly) when set. */
  token?: string;
  fetch?: typeof fetch;
}

/** An error response from the API, carrying the server's body. */
export class SimscopeApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody | null,
  ) {
    super(
      body
        ? `${status} ${body.error}: ${Array.isArray(body.message) ? body.message.join('; ') : body.message}`
        : `HTTP ${status}`,
    );
    this.name = 'SimscopeApiError';
  }
}

type Query = Record<string, string | number | boolean | undefined>;

/** A typed REST client for simscope, usable in the browser and in Node 20+. */
export class SimscopeClient {
  private readonly baseUrl: string;
  private readonly fetchFn: typeof fetch;

  constructor(private readonly options: SimscopeClientOptions = {}) {
    this.baseUrl = (options.baseUrl ?? '').replace(/\/$/, '');
    this.fetchFn = options.fetch ?? globalThis.fetch.bind(globalThis);
  }

  dockerStatus(): Promise<DockerStatusPayload> {
    return this.get('/api/docker/status');
  }

  simulations(query: SimulationsQuery = {}): Promise<DockerSimulationsPayload> {
    return this.get('/api/docker/simulations', { ...query });
  }

  simulation(idOrName: string): Promise<SimulationDetail> {
    return this.get(`/api/docker/simulations/${encodeURIComponent(idOrName)}`);
  }

  /** Asks the server to reconnect to Docker, or reconcile, now. */
  reconcile(): Promise<DockerStatusPayload> {
    return this.request('POST', '/api/docker/reconcile');
  }

  runtimeHealth(): Promise<RuntimeHealthPayload> {
    return this.get('/api/runtime/health');
  }

  protected async get<T>(path: string, query?: Query): Promise<T> {
    return this.request<T>('GET', path, query);
  }

  protected async request<T>(
    method: string,
    path: string,
    query?: Query,
    body?: unknown,
  ): Promise<T> {
    const qs = query
      ? Object.entries(query)
          .filter(([, v]) => v !== undefined && v !== '')
          .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
          .join('&')
      : '';
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
    }
    if (this.options.token) {
      headers.authorization = `Bearer ${this.options.token}`;
    }
    const res = await this.fetchFn(`${this.baseUrl}${path}${qs ? `?${qs}` : ''}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const parsed: unknown = text ? safeJson(text) : null;
    if (!res.ok) {
      throw new SimscopeApiError(res.status, (parsed as ApiErrorBody | null) ?? null);
    }
    return parsed as T;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
