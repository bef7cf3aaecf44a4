import type { ApiErrorBody } from '../payloads/error.js';
import type { DockerStatusPayload } from '../payloads/docker-status.js';
import type { DockerSimulationsPayload, SimulationDetail } from '../payloads/docker-simulations.js';
import type { RuntimeHealthPayload } from '../payloads/runtime-health.js';
import type { SimulationsQueryDto } from '../dtos/simulations-query.dto.js';
import type { CreateNoteDto } from '../dtos/create-note.dto.js';
import type { CreateRunDto } from '../dtos/create-run.dto.js';
import type { EnqueueObjectiveDto } from '../dtos/enqueue-objective.dto.js';
import type { NotesQueryDto } from '../dtos/notes-query.dto.js';
import type { ObjectiveTransitionDto } from '../dtos/objective-transition.dto.js';
import type { ObjectivesQueryDto } from '../dtos/objectives-query.dto.js';
import type { RunEventDto } from '../dtos/run-event.dto.js';
import type { RunsQueryDto } from '../dtos/runs-query.dto.js';
import type { MetaOverview, Note, Objective, Page, Run } from '../payloads/meta.js';
import type { DockerUsagePayload } from '../payloads/stats.js';
import type { DockerLogsPayload } from '../payloads/logs.js';
import type { StackDetail, StacksPayload } from '../payloads/stacks.js';
import type { ActionResultPayload, ContainerAction } from '../payloads/actions.js';
import type { LogsQueryDto } from '../dtos/logs-query.dto.js';
import type { SimEventsQueryDto } from '../dtos/sim-events-query.dto.js';
import type { SimEventsPage } from '../payloads/sim-events.js';
import type { CreateKeyDto } from '../dtos/create-key.dto.js';
import type { ApiKey, AuthConfig, CreatedApiKey, Me } from '../auth.js';

export type SimulationsQuery = Partial<
  Pick<SimulationsQueryDto, 'cluster' | 'phase' | 'experiment' | 'q' | 'host'>
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

  /** Starts, stops or restarts a simulation (only when the server has actions switched on). */
  act(ref: string, action: ContainerAction): Promise<ActionResultPayload> {
    const path = `/api/docker/simulations/${encodeURIComponent(ref)}/actions`;
    return this.request('POST', path, undefined, { action });
  }

  /** The background sweep's latest resource sample per running simulation. */
  usage(): Promise<DockerUsagePayload> {
    return this.get('/api/docker/usage');
  }

  /** Every stack (compose project or cluster): services by state, blocked and degraded counts. */
  stacks(): Promise<StacksPayload> {
    return this.get('/api/stacks');
  }

  /** One stack's services with state and impact, its dependency edges and cycles. */
  stack(name: string): Promise<StackDetail> {
    return this.get(`/api/stacks/${encodeURIComponent(name)}`);
  }

  /** The last lines of a simulation's output (demultiplexed, escapes removed). */
  logs(idOrName: string, query: Partial<LogsQueryDto> = {}): Promise<DockerLogsPayload> {
    return this.get(`/api/docker/simulations/${encodeURIComponent(idOrName)}/logs`, { ...query });
  }

  /** A simulation's recent events (`<prefix>.events` opted in), newest first. */
  simulationEvents(idOrName: string, query: Partial<SimEventsQueryDto> = {}): Promise<SimEventsPage> {
    return this.get(`/api/docker/simulations/${encodeURIComponent(idOrName)}/events`, { ...query });
  }

  runtimeHealth(): Promise<RuntimeHealthPayload> {
    return this.get('/api/runtime/health');
  }

  metaOverview(): Promise<MetaOverview> {
    return this.get('/api/meta/overview');
  }

  notes(query: Partial<NotesQueryDto> = {}): Promise<Page<Note>> {
    return this.get('/api/meta/notes', { ...query });
  }

  /** Who this client is to the server, its role, and how it was identified. */
  /** How this server identifies people (open to anyone: a signed-out console asks it). */
  authConfig(): Promise<AuthConfig> {
    return this.get('/api/auth/config');
  }

  me(): Promise<Me> {
    return this.get('/api/auth/me');
  }

  /** API keys (admin; never their secrets). */
  apiKeys(): Promise<ApiKey[]> {
    return this.get('/api/auth/keys');
  }

  /** A new key with a role (admin); its secret is in this answer only. */
  createApiKey(body: CreateKeyDto): Promise<CreatedApiKey> {
    return this.request('POST', '/api/auth/keys', undefined, body);
  }

  /** Revokes a key at once (admin). */
  revokeApiKey(id: string): Promise<void> {
    return this.request('DELETE', `/api/auth/keys/${encodeURIComponent(id)}`);
  }

  /** Resolves once the note is on disk. */
  addNote(body: CreateNoteDto): Promise<Note> {
    return this.request('POST', '/api/meta/notes', undefined, body);
  }

  runs(query: Partial<RunsQueryDto> = {}): Promise<Page<Run>> {
    return this.get('/api/meta/runs', { ...query });
  }

  /** One run, reduced from its events; 404 when there is none. */
  run(id: string): Promise<Run> {
    return this.get(`/api/meta/runs/${encodeURIComponent(id)}`, {});
  }

  createRun(body: CreateRunDto): Promise<Run> {
    return this.request('POST', '/api/meta/runs', undefined, body);
  }

  /** A status change and/or metric values; 409 for a transition the run's status does not allow. */
  runEvent(id: string, body: RunEventDto): Promise<Run> {
    return this.request('POST', `/api/meta/runs/${encodeURIComponent(id)}/events`, undefined, body);
  }

  objectives(query: Partial<ObjectivesQueryDto> = {}): Promise<Page<Objective>> {
    return this.get('/api/meta/objectives', { ...query });
  }

  /** Enqueues, or returns the open objective with the same dedupe key. */
  enqueueObjective(body: EnqueueObjectiveDto): Promise<Objective> {
    return this.request('POST', '/api/meta/objective/enqueue', undefined, body);
  }

  transitionObjective(id: string, body: ObjectiveTransitionDto): Promise<Objective> {
    return this.request(
      'POST',
      `/api/meta/objectives/${encodeURIComponent(id)}/transition`,
      undefined,
      body,
    );
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
