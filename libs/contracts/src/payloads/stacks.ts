export const STACK_SCHEMA = 'simscope.stack.v1';
export const STACKS_SCHEMA = 'simscope.stacks.v1';
export const STACKS_DELTA_SCHEMA = 'simscope.stacks-delta.v1';

/**
 * A service's own state, from its containers' phases: every replica up (`running`), some (`partial`),
 * none with one failing (`failing`: crash loop, OOM kill, failure), none yet (`starting`), none
 * (`down`), or no container at all though another service depends on it (`missing`).
 */
export type StackServiceState = 'running' | 'partial' | 'starting' | 'failing' | 'down' | 'missing';

/** What its dependencies do to a service: `blocked` (a hard one is down), `degraded` (a soft one). */
export type StackImpact = 'ok' | 'degraded' | 'blocked';

export interface StackService {
  name: string;
  /** Containers of this service (compose replicas). */
  replicas: number;
  /** Of those, how many are up (running or degraded). */
  running: number;
  state: StackServiceState;
  impact: StackImpact;
  /** Why: its own state first ("2 of 3 running", "crash-looping"), then the impact ("waits for agent-api: crash-looping"). */
  reasons: string[];
  /** Container ids, in name order. */
  containers: string[];
}

export interface StackEdge {
  /** The service that depends… */
  from: string;
  /** …on this one. */
  to: string;
  kind: 'hard' | 'soft';
  /** Compose's condition (service_started, service_healthy, service_completed_successfully), when declared by compose. */
  condition: string | null;
  /** Whether this dependency is what blocks or degrades `from` now. */
  active: boolean;
}

export interface StackDetail {
  schema: typeof STACK_SCHEMA;
  name: string;
  /** `compose` (a compose project) or `cluster` (a `simscope.cluster` label). */
  source: 'compose' | 'cluster';
  services: StackService[];
  edges: StackEdge[];
  /** Each dependency cycle once, as service names in order (reported, not followed). */
  cycles: string[][];
  /** A change-stamp of this stack's content: equal when nothing a viewer sees changed. */
  fingerprint: string;
}

export interface StackSummary {
  name: string;
  source: 'compose' | 'cluster';
  services: number;
  /** Services per own state. */
  states: Record<StackServiceState, number>;
  blocked: number;
  degraded: number;
  cycles: number;
  fingerprint: string;
}

/** GET /api/stacks. */
export interface StacksPayload {
  schema: typeof STACKS_SCHEMA;
  stacks: StackSummary[];
}

/** `docker_stacks:delta`: stacks whose content changed (full detail) and stacks that are gone. */
export interface StacksDelta {
  schema: typeof STACKS_DELTA_SCHEMA;
  /** True for the first one a socket gets: every stack, nothing removed. */
  full: boolean;
  changed: StackDetail[];
  removed: string[];
}
