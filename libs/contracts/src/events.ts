import type { DockerSimulationsPayload } from './payloads/docker-simulations.js';
import type { DockerStatusPayload } from './payloads/docker-status.js';
import type { DockerSimulationsDelta, SubscribeAck, SubscribeRequest } from './payloads/live.js';
import type { RuntimeHealthPayload, SimulationGuardEvent } from './payloads/runtime-health.js';
import type { MetaOpsEvent } from './payloads/meta.js';
import type { ContainerStatsEvent, DockerUsagePayload, WatchAck } from './payloads/stats.js';
import type { FollowAck, LogsChunk, LogsEnd } from './payloads/logs.js';
import type { StacksDelta } from './payloads/stacks.js';
import type { SimEventsBatch } from './payloads/sim-events.js';

/** Socket.IO event names, shared by server, console and scripts. */
export const LIVE_EVENTS = {
  snapshot: 'docker_simulations',
  delta: 'docker_simulations:delta',
  resync: 'docker_simulations:resync',
  status: 'docker_status',
  health: 'runtime_health',
  guard: 'simulation_guard',
  meta: 'meta_ops',
  subscribe: 'subscribe',
  stats: 'container_stats',
  usage: 'docker_usage',
  watch: 'watch_container',
  unwatch: 'unwatch_container',
  logsFollow: 'logs:follow',
  logsUnfollow: 'logs:unfollow',
  logsChunk: 'logs:chunk',
  logsEnd: 'logs:end',
  eventsFollow: 'events:follow',
  eventsUnfollow: 'events:unfollow',
  eventsBatch: 'events:batch',
  closing: 'live:closing',
  stacks: 'docker_stacks:delta',
} as const;

/** Why the server is about to close a socket (sent just before it does). */
export interface LiveClosing {
  reason: 'rate_limited' | 'origin_not_allowed' | 'unauthorized' | 'revoked';
  detail: string;
}

/** Events the server emits to Socket.IO clients. */
export interface ServerToClientEvents {
  docker_simulations: (payload: DockerSimulationsPayload) => void;
  'docker_simulations:delta': (delta: DockerSimulationsDelta) => void;
  docker_status: (payload: DockerStatusPayload) => void;
  runtime_health: (payload: RuntimeHealthPayload) => void;
  simulation_guard: (event: SimulationGuardEvent) => void;
  meta_ops: (event: MetaOpsEvent) => void;
  /** To a watched container's watchers: its newest sample. */
  container_stats: (event: ContainerStatsEvent) => void;
  /** To everyone after each background sweep: every running simulation's latest sample. */
  docker_usage: (payload: DockerUsagePayload) => void;
  /** On connect (every stack, `full`), then the stacks whose graph or status changed, coalesced. */
  'docker_stacks:delta': (delta: StacksDelta) => void;
  'logs:chunk': (chunk: LogsChunk) => void;
  'logs:end': (end: LogsEnd) => void;
  /** New events of a followed simulation (`<prefix>.events`), batched, within the follower's rate. */
  'events:batch': (batch: SimEventsBatch) => void;
  /** The server closes this socket right after: it broke a rule (too many events, say). */
  'live:closing': (event: LiveClosing) => void;
}

/** Events clients send to the server. */
export interface ClientToServerEvents {
  /** Asks for a fresh snapshot (after a sequence gap). */
  'docker_simulations:resync': () => void;
  /** Narrows deltas (and the snapshot sent in reply) to some clusters; empty means everything. */
  subscribe: (request: SubscribeRequest, ack?: (result: SubscribeAck) => void) => void;
  /** Starts (or joins) live stats for one simulation; released by unwatch or disconnect. */
  watch_container: (request: { id: string }, ack?: (result: WatchAck) => void) => void;
  unwatch_container: (request: { id: string }) => void;
  /** Follows one simulation's output from now on, as `logs:chunk` events. */
  'logs:follow': (request: { id: string }, ack?: (result: FollowAck) => void) => void;
  'logs:unfollow': (request: { id: string }) => void;
  /** Follows one simulation's events from now on as `events:batch` (history: the REST page). */
  'events:follow': (request: { id: string }, ack?: (result: FollowAck) => void) => void;
  'events:unfollow': (request: { id: string }) => void;
}

export const SOCKET_PATH = '/socket.io';
