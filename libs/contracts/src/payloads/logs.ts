export type LogStream = 'stdout' | 'stderr';
export const LOG_STREAMS = ['stdout', 'stderr', 'both'] as const;

export interface LogLine {
  stream: LogStream;
  /** The engine's timestamp (RFC 3339, nanoseconds) or null when it had none. */
  at: string | null;
  /** Terminal escape sequences removed. */
  text: string;
}

export const DOCKER_LOGS_SCHEMA = 'simscope.docker-logs.v1';

/** GET /api/docker/simulations/:id/logs */
export interface DockerLogsPayload {
  schema: typeof DOCKER_LOGS_SCHEMA;
  id: string;
  name: string;
  lines: LogLine[];
  /** True when the line or byte cap cut the answer (the oldest lines went). */
  truncated: boolean;
}

/** `logs:chunk`: new lines of a followed container; `dropped` counts lines over the follower's rate. */
export interface LogsChunk {
  id: string;
  lines: LogLine[];
  dropped: number;
}

/** `logs:end`: the follow stopped (container stopped or removed, or the server shed it). */
export interface LogsEnd {
  id: string;
  reason: string;
}

export interface FollowAck {
  ok: boolean;
  id: string;
  error?: string;
}
