import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GuardThresholds, Role } from '@simscope/contracts';
import type { EnvironmentDto } from './env.dto.js';
import { parseEndpoints, type EngineEndpoint } from './endpoints.js';
import { parseRoleGroups, type RoleGroups } from './role-groups.js';
import { compileTrust, type TrustFn } from './trust-proxy.js';

/*
 * The environment turned into one typed settings object per feature. Features inject the class of
 * their own settings (each abstract class is its injection token) and never see a variable name:
 * renaming or adding a variable changes this file and env.dto.ts only.
 */

/** The HTTP surface: where to listen, what to accept, who may write. */
export abstract class HttpSettings {
  abstract readonly port: number;
  abstract readonly host: string;
  abstract readonly bodyLimit: string;
  /** Where the built console lives; null: the checkout's apps/web/dist/browser. */
  /** Where the built console is (SIMSCOPE_WEB_DIST, else this checkout's apps/web/dist/browser). */
  abstract readonly webDist: string;
  /** Which peers may name the client in X-Forwarded-For; null: nobody. */
  abstract readonly trustProxy: TrustFn | null;
  /** Writes (and the socket handshake) need this bearer token; null: open. In token mode: the bootstrap admin key. */
  abstract readonly apiToken: string | null;
  /**
   * none: no identities (the token guards writes); token: a key with a role for everything; proxy:
   * an authenticating proxy names the person (keys work beside it).
   */
  abstract readonly authMode: 'none' | 'token' | 'proxy' | 'oidc';
  /** How an authenticating proxy names people (proxy mode); null in other modes. */
  abstract readonly proxyAuth: ProxyAuthSettings | null;
  /** How simscope signs people in itself (oidc mode); null in other modes. */
  abstract readonly oidc: OidcSettings | null;
  /** Which groups give which role (proxy and oidc modes). */
  abstract readonly roleMapping: RoleMapping;
  abstract readonly writeRateLimitPerMinute: number;
}

export interface ProxyAuthSettings {
  /** Header names, lower-case. */
  headers: { user: string; email: string; groups: string };
}

export interface RoleMapping {
  roleGroups: RoleGroups;
  /** The role of someone in no mapped group; null refuses them. */
  defaultRole: Role | null;
}

export interface OidcSettings {
  issuer: string;
  clientId: string;
  /** null: a public client (PKCE alone). */
  clientSecret: string | null;
  scopes: string;
  groupsClaim: string;
  /** Where people open simscope, without a trailing slash. */
  publicUrl: string;
  sessionSecret: string;
  sessionTtlMs: number;
}

export abstract class LogSettings {
  abstract readonly level: string;
  abstract readonly format: 'json' | 'pretty';
}

/** What discovery watches and how it recognises and describes a simulation. */
export abstract class DiscoverySettings {
  abstract readonly engines: readonly EngineEndpoint[];
  /** The ssh agent socket for ssh:// engines. */
  abstract readonly sshAgent: string | undefined;
  /** True when the operator named the engine (DOCKER_HOST), so diagnoses do not blame the default socket. */
  abstract readonly endpointConfigured: boolean;
  abstract readonly labelPrefix: string;
  abstract readonly namePattern: string;
  abstract readonly network: string;
  abstract readonly includeStopped: boolean;
  abstract readonly reconcileMs: number;
  abstract readonly exposeLabels: readonly string[];
  /** Whether `/sim/<name>/` routes can work (SIMSCOPE_SIM_ROUTES, auto: no console served here). */
  abstract readonly simRoutes: boolean;
}

/** The Socket.IO stream: merging, slow consumers and connection caps. */
/** Environment names other modules may quote to an operator (in messages), never read. */
export const SETTING_NAMES = {
  allowedOrigins: 'SIMSCOPE_ALLOWED_ORIGINS',
  maxBuffered: 'SIMSCOPE_LIVE_MAX_BUFFERED',
  auth: 'SIMSCOPE_AUTH',
} as const;

export abstract class LiveSettings {
  abstract readonly coalesceMs: number;
  abstract readonly coalesceMaxMs: number;
  abstract readonly maxBuffered: number;
  abstract readonly eventsPerSecond: number;
  abstract readonly maxWatches: number;
  /** Extra origins allowed to open the stream (the request's own host always is). */
  abstract readonly allowedOrigins: readonly string[];
  abstract readonly maxClients: number;
  abstract readonly maxClientsPerIp: number;
  abstract readonly refuseOnCritical: boolean;
}

/** Resource usage and logs. */
export abstract class StatsSettings {
  /** 0: the background sweep is off. */
  abstract readonly sweepMs: number;
  abstract readonly warning: number;
  abstract readonly critical: number;
  abstract readonly logLinesPerSecond: number;
}

/** The append-only record and who is told about failures. */
export abstract class MetaSettings {
  abstract readonly dataDir: string;
  abstract readonly sync: 'group' | 'each';
  /** Days after which sealed note segments are archived; null: never. */
  abstract readonly retentionDays: number | null;
  abstract readonly webhookUrls: readonly string[];
  abstract readonly webhookCooldownMs: number;
}

/** The runtime guard and the scheduler. */
export abstract class RuntimeSettings {
  abstract readonly sampleMs: number;
  abstract readonly thresholds: GuardThresholds;
  abstract readonly skipExpensiveOnCritical: boolean;
  /** How much longer periodic work waits under `critical` (degraded: ×2, at most this). */
  abstract readonly criticalStretch: number;
}

/** Opt-in container actions (start, stop, restart). */
export abstract class ActionsSettings {
  abstract readonly enabled: boolean;
  /** Per client (identity, else address) per minute. */
  abstract readonly perMinute: number;
  /** Docker's grace period on stop and restart, in seconds. */
  abstract readonly stopTimeoutSeconds: number;
}

/** Simulation events read from opted-in containers' output. */
export abstract class SimEventsSettings {
  abstract readonly typeKeys: readonly string[];
  /** 0: intake off. */
  abstract readonly maxFollowed: number;
}

export interface Settings {
  http: HttpSettings;
  log: LogSettings;
  discovery: DiscoverySettings;
  live: LiveSettings;
  stats: StatsSettings;
  meta: MetaSettings;
  runtime: RuntimeSettings;
  actions: ActionsSettings;
  simEvents: SimEventsSettings;
}

/** The engines to watch, from SIMSCOPE_DOCKER_ENDPOINTS or DOCKER_HOST; throws naming a bad entry. */
export function engineEndpoints(env: EnvironmentDto): EngineEndpoint[] {
  return parseEndpoints(env.SIMSCOPE_DOCKER_ENDPOINTS, {
    dockerHost: env.DOCKER_HOST,
    certPath: env.DOCKER_CERT_PATH,
    tlsVerify: env.DOCKER_TLS_VERIFY,
  });
}

const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../../web/dist/browser', import.meta.url));

/** This server serves the console only when it is built; then nginx is not in front (npm start). */
/** `ratio` of `value`, rounded to 4 decimals (77.28, not 77.27999999999999). */
const share = (value: number, ratio: number): number => Math.round(value * ratio * 1e4) / 1e4;

function simRoutesOn(mode: EnvironmentDto['SIMSCOPE_SIM_ROUTES'], webDist: string): boolean {
  return mode === 'auto' ? !existsSync(join(webDist, 'index.html')) : mode === 'on';
}

/** One validated environment → every feature's settings. */
export function toSettings(env: EnvironmentDto): Settings {
  const webDist = env.SIMSCOPE_WEB_DIST ?? DEFAULT_WEB_ROOT;
  return {
    http: {
      port: env.PORT,
      host: env.HOST,
      bodyLimit: env.SIMSCOPE_BODY_LIMIT,
      webDist,
      trustProxy: compileTrust(env.SIMSCOPE_TRUST_PROXY),
      apiToken: env.SIMSCOPE_API_TOKEN ?? null,
      authMode: env.SIMSCOPE_AUTH,
      proxyAuth:
        env.SIMSCOPE_AUTH === 'proxy'
          ? {
              headers: {
                user: env.SIMSCOPE_PROXY_USER_HEADER.toLowerCase(),
                email: env.SIMSCOPE_PROXY_EMAIL_HEADER.toLowerCase(),
                groups: env.SIMSCOPE_PROXY_GROUPS_HEADER.toLowerCase(),
              },
            }
          : null,
      oidc:
        env.SIMSCOPE_AUTH === 'oidc'
          ? {
              issuer: env.SIMSCOPE_OIDC_ISSUER ?? '',
              clientId: env.SIMSCOPE_OIDC_CLIENT_ID ?? '',
              clientSecret: env.SIMSCOPE_OIDC_CLIENT_SECRET ?? null,
              scopes: env.SIMSCOPE_OIDC_SCOPES,
              groupsClaim: env.SIMSCOPE_OIDC_GROUPS_CLAIM,
              publicUrl: (env.SIMSCOPE_PUBLIC_URL ?? '').replace(/\/+$/, ''),
              sessionSecret: env.SIMSCOPE_SESSION_SECRET ?? '',
              sessionTtlMs: env.SIMSCOPE_SESSION_TTL_MS,
            }
          : null,
      roleMapping: {
        roleGroups: parseRoleGroups(env.SIMSCOPE_ROLE_GROUPS),
        defaultRole: env.SIMSCOPE_DEFAULT_ROLE === 'none' ? null : env.SIMSCOPE_DEFAULT_ROLE,
      },
      writeRateLimitPerMinute: env.SIMSCOPE_WRITE_RATE_LIMIT,
    },
    log: {
      level: env.LOG_LEVEL,
      format: env.LOG_FORMAT ?? (env.NODE_ENV === 'production' ? 'json' : 'pretty'),
    },
    discovery: {
      engines: engineEndpoints(env),
      sshAgent: env.SSH_AUTH_SOCK,
      endpointConfigured: Boolean(env.DOCKER_HOST),
      labelPrefix: env.SIMSCOPE_LABEL_PREFIX,
      namePattern: env.SIMSCOPE_NAME_PATTERN,
      network: env.SIMSCOPE_NETWORK,
      includeStopped: env.SIMSCOPE_INCLUDE_STOPPED,
      reconcileMs: env.SIMSCOPE_RECONCILE_MS,
      exposeLabels: env.SIMSCOPE_EXPOSE_LABELS,
      simRoutes: simRoutesOn(env.SIMSCOPE_SIM_ROUTES, webDist),
    },
    live: {
      coalesceMs: env.SIMSCOPE_LIVE_COALESCE_MS,
      coalesceMaxMs: env.SIMSCOPE_LIVE_COALESCE_MAX_MS,
      maxBuffered: env.SIMSCOPE_LIVE_MAX_BUFFERED,
      eventsPerSecond: env.SIMSCOPE_LIVE_EVENTS_PER_SECOND,
      maxWatches: env.SIMSCOPE_LIVE_MAX_WATCHES,
      allowedOrigins: env.SIMSCOPE_ALLOWED_ORIGINS.map((o) => o.toLowerCase()),
      maxClients: env.RUNTIME_WS_MAX_CLIENTS,
      maxClientsPerIp: env.RUNTIME_WS_MAX_CLIENTS_PER_IP,
      refuseOnCritical: env.RUNTIME_GUARD_REFUSE_WS_ON_CRITICAL,
    },
    stats: {
      sweepMs: env.SIMSCOPE_STATS_SWEEP_MS,
      warning: env.SIMSCOPE_STATS_WARNING,
      critical: env.SIMSCOPE_STATS_CRITICAL,
      logLinesPerSecond: env.SIMSCOPE_LOGS_RATE,
    },
    meta: {
      dataDir: env.SIMSCOPE_DATA_DIR,
      sync: env.SIMSCOPE_META_SYNC,
      retentionDays: env.SIMSCOPE_META_RETENTION_DAYS ?? null,
      webhookUrls: env.SIMSCOPE_WEBHOOK_URLS,
      webhookCooldownMs: env.SIMSCOPE_WEBHOOK_COOLDOWN_MS,
    },
    runtime: {
      sampleMs: env.RUNTIME_HEALTH_SAMPLE_MS,
      thresholds: {
        eventLoopP99DegradedMs: env.RUNTIME_GUARD_EVENT_LOOP_P99_DEGRADED_MS,
        eventLoopP99CriticalMs: env.RUNTIME_GUARD_EVENT_LOOP_P99_CRITICAL_MS,
        memoryShareDegraded: env.RUNTIME_GUARD_MEMORY_DEGRADED,
        memoryShareCritical: env.RUNTIME_GUARD_MEMORY_CRITICAL,
        wsSaturationDegraded: env.RUNTIME_GUARD_WS_DEGRADED,
        wsSaturationCritical: env.RUNTIME_GUARD_WS_CRITICAL,
        // Unset degraded levels follow the original runtime: a fixed share of the critical one.
        hostCpuDegradedPercent:
          env.RUNTIME_GUARD_HOST_CPU_DEGRADED ?? share(env.RUNTIME_GUARD_HOST_CPU_CRITICAL, 0.84),
        hostCpuCriticalPercent: env.RUNTIME_GUARD_HOST_CPU_CRITICAL,
        hostMemoryPressureDegraded:
          env.RUNTIME_GUARD_HOST_MEMORY_PRESSURE_DEGRADED ??
          share(env.RUNTIME_GUARD_HOST_MEMORY_PRESSURE_CRITICAL, 0.85),
        hostMemoryPressureCritical: env.RUNTIME_GUARD_HOST_MEMORY_PRESSURE_CRITICAL,
        logErrorRatioDegraded:
          env.RUNTIME_GUARD_LOG_ERROR_RATIO_DEGRADED ??
          share(env.RUNTIME_GUARD_LOG_ERROR_RATIO_CRITICAL, 0.65),
        logErrorRatioCritical: env.RUNTIME_GUARD_LOG_ERROR_RATIO_CRITICAL,
        enterAfter: env.RUNTIME_GUARD_ENTER_AFTER,
        leaveAfter: env.RUNTIME_GUARD_LEAVE_AFTER,
      },
      skipExpensiveOnCritical: env.RUNTIME_GUARD_SKIP_EXPENSIVE_ON_CRITICAL,
      criticalStretch: env.RUNTIME_GUARD_CRITICAL_STRETCH,
    },
    actions: {
      enabled: env.SIMSCOPE_ACTIONS === 'on',
      perMinute: env.SIMSCOPE_ACTIONS_RATE_LIMIT,
      stopTimeoutSeconds: env.SIMSCOPE_ACTIONS_STOP_TIMEOUT,
    },
    simEvents: {
      typeKeys: env.SIMSCOPE_EVENTS_TYPE_KEYS,
      maxFollowed: env.SIMSCOPE_EVENTS_MAX_FOLLOWED,
    },
  };
}
