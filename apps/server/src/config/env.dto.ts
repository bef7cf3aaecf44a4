import { Transform } from 'class-transformer';
import { parseRoleGroups } from './role-groups.js';
import { compileTrust } from './trust-proxy.js';
import {
  ArrayNotEmpty,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  Validate,
  type ValidationArguments,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
const toBool = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') {
    return value;
  }
  const v = value.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(v)) {
    return true;
  }
  if (['false', '0', 'no', 'off'].includes(v)) {
    return false;
  }
  return value;
};
const toFloat = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value;
const toList = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : value;

@ValidatorConstraint({ name: 'isRegExp' })
class IsRegExpConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (typeof value !== 'string') {
      return false;
    }
    try {
      new RegExp(value);
      return true;
    } catch {
      return false;
    }
  }
  defaultMessage(): string {
    return 'a valid JavaScript regular expression';
  }
}

@ValidatorConstraint({ name: 'zeroOrAtLeast' })
class ZeroOrAtLeastConstraint implements ValidatorConstraintInterface {
  validate(value: unknown, args: ValidationArguments): boolean {
    const [min] = args.constraints as [number];
    return typeof value === 'number' && (value === 0 || value >= min);
  }
  defaultMessage(args: ValidationArguments): string {
    return `0 (off) or at least ${(args.constraints as [number])[0]}`;
  }
}

@ValidatorConstraint({ name: 'isRoleGroups' })
class IsRoleGroupsConstraint implements ValidatorConstraintInterface {
  private problem = '';
  validate(value: unknown): boolean {
    try {
      parseRoleGroups(value as string[]);
      return true;
    } catch (err) {
      this.problem = err instanceof Error ? err.message : String(err);
      return false;
    }
  }
  defaultMessage(): string {
    return `comma-separated role:group pairs, e.g. admin:ops-admins,operator:sim-team (${this.problem})`;
  }
}

const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;

@ValidatorConstraint({ name: 'isTrustProxy' })
class IsTrustProxyConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (typeof value !== 'string') {
      return false;
    }
    try {
      compileTrust(value);
      return true;
    } catch {
      return false;
    }
  }
  defaultMessage(): string {
    return 'true, false, a hop count, or comma-separated addresses/CIDRs (or loopback, linklocal, uniquelocal)';
  }
}

/**
 * Every setting simscope reads, with its default. The messages complete the sentence
 * "<VARIABLE> must be …" so a bad value stops start-up with one readable line.
 */
export class EnvironmentDto {
  @IsIn(['development', 'production', 'test'], {
    message: 'one of development, production, test',
  })
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(toInt)
  @IsInt({ message: 'an integer port number' })
  @Min(0, { message: 'a port between 0 and 65535' })
  @Max(65535, { message: 'a port between 0 and 65535' })
  PORT = 3000;

  @IsString()
  @MinLength(1, { message: 'an interface address such as 0.0.0.0 or 127.0.0.1' })
  HOST = '0.0.0.0';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
    message: 'one of fatal, error, warn, info, debug, trace, silent',
  })
  LOG_LEVEL = 'info';

  /** json in production, pretty (human-readable) otherwise, unless set. */
  @IsOptional()
  @IsIn(['json', 'pretty'], { message: 'json or pretty' })
  LOG_FORMAT?: 'json' | 'pretty';

  /** unix:///path or tcp://host:port; unset means the local socket /var/run/docker.sock. */
  @IsOptional()
  @Matches(/^(unix:\/\/\/.+|tcp:\/\/[^/:]+(:\d+)?\/?|npipe:\/\/.+)$/, {
    message: 'a Docker endpoint such as unix:///var/run/docker.sock or tcp://host:2376',
  })
  DOCKER_HOST?: string;

  @IsOptional()
  @IsString()
  DOCKER_CERT_PATH?: string;

  /**
   * Several engines: `name=url[?certs=<dir>&verify=false],…` (unix, tcp, ssh). Unset: DOCKER_HOST (or
   * the local socket) as the one engine, named `local`. Checked by parseEndpoints at start-up.
   */
  @IsOptional()
  @IsString()
  SIMSCOPE_DOCKER_ENDPOINTS?: string;

  /** The ssh agent that holds the key for ssh:// engines. */
  @IsOptional()
  @IsString()
  SSH_AUTH_SOCK?: string;

  @Transform(toBool)
  @IsBoolean({ message: 'true or false' })
  DOCKER_TLS_VERIFY = false;

  @Matches(/^[a-z0-9]([a-z0-9._-]*[a-z0-9])?$/, {
    message: 'a label namespace of lowercase letters, digits, dots, dashes or underscores',
  })
  SIMSCOPE_LABEL_PREFIX = 'simscope';

  @Validate(IsRegExpConstraint)
  SIMSCOPE_NAME_PATTERN = '^sim[-_.]';

  @Transform(toBool)
  @IsBoolean({ message: 'true or false' })
  SIMSCOPE_INCLUDE_STOPPED = true;

  @Matches(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, { message: 'a Docker network name' })
  SIMSCOPE_NETWORK = 'sim-net';

  @Transform(toInt)
  @IsInt({ message: 'an integer number of milliseconds' })
  @Min(1000, { message: 'at least 1000 (milliseconds)' })
  SIMSCOPE_RECONCILE_MS = 60_000;

  /**
   * Which proxies may tell us the client's address (X-Forwarded-For), for per-IP socket caps and
   * rate limits behind nginx. Unset: nobody, the peer address counts.
   */
  @IsOptional()
  @Validate(IsTrustProxyConstraint)
  SIMSCOPE_TRUST_PROXY?: string;

  /** Extra label keys (exact, or prefixes ending in *) the API may return. */
  @Transform(toList)
  @IsString({ each: true, message: 'a comma-separated list of label keys' })
  SIMSCOPE_EXPOSE_LABELS: string[] = [];

  /** Where the built console lives; defaults to apps/web/dist/browser in this checkout. */
  @IsOptional()
  @IsString()
  SIMSCOPE_WEB_DIST?: string;

  /**
   * Whether something in front of this server (simscope's nginx) serves sims' web UIs at /sim/<name>/.
   * auto: yes unless this server serves the console itself (`npm start`, no nginx).
   */
  @IsIn(['auto', 'on', 'off'], { message: 'auto, on or off' })
  SIMSCOPE_SIM_ROUTES: 'auto' | 'on' | 'off' = 'auto';

  @Matches(/^\d+(b|kb|mb)$/i, { message: 'a size such as 64kb or 1mb' })
  SIMSCOPE_BODY_LIMIT = '64kb';

  /** 0 turns live updates off: every console falls back to polling the REST API. */
  @Transform(toInt)
  @IsInt({ message: 'an integer number of sockets' })
  @Min(0, { message: 'at least 0 (0 turns live updates off)' })
  RUNTIME_WS_MAX_CLIENTS = 500;

  @Transform(toInt)
  @IsInt({ message: 'an integer number of sockets' })
  @Min(1, { message: 'at least 1' })
  RUNTIME_WS_MAX_CLIENTS_PER_IP = 50;

  /** Merge window for deltas during a burst (the first change after a quiet period goes at once). */
  @Transform(toInt)
  @IsInt({ message: 'an integer number of milliseconds' })
  @Min(0, { message: 'at least 0' })
  @Max(1000, { message: 'at most 1000' })
  SIMSCOPE_LIVE_COALESCE_MS = 25;

  /** A merged delta leaves at most this long after the first change it holds. */
  @Transform(toInt)
  @IsInt({ message: 'an integer number of milliseconds' })
  @Min(0, { message: 'at least 0' })
  @Max(5000, { message: 'at most 5000' })
  SIMSCOPE_LIVE_COALESCE_MAX_MS = 250;

  /** Packets queued for one socket before it counts as slow and gets a snapshot once drained. */
  @Transform(toInt)
  @IsInt({ message: 'an integer number of packets' })
  @Min(1, { message: 'at least 1' })
  SIMSCOPE_LIVE_MAX_BUFFERED = 64;

  /** Events one socket may send per second; beyond are dropped, and 5× beyond closes the socket. */
  @Transform(toInt)
  @IsInt({ message: 'an integer number of events per second' })
  @Min(1, { message: 'at least 1' })
  SIMSCOPE_LIVE_EVENTS_PER_SECOND = 20;

  /** Containers one socket may watch (stats) plus follow (logs) at once. */
  @Transform(toInt)
  @IsInt({ message: 'an integer number of containers' })
  @Min(1, { message: 'at least 1' })
  SIMSCOPE_LIVE_MAX_WATCHES = 8;

  /**
   * Origins (scheme://host[:port]) besides the server's own that may open the live stream; a
   * handshake whose Origin is neither gets 403. Clients that send no Origin (scripts) are let in.
   */
  @Transform(toList)
  @Matches(/^https?:\/\/[^/\s]+$/, {
    each: true,
    message: 'a comma-separated list of origins such as https://console.example.org',
  })
  SIMSCOPE_ALLOWED_ORIGINS: string[] = [];

  /** Where the append-only record lives; /readyz checks it can be written. */
  @IsString()
  @MinLength(1, { message: 'a directory path' })
  SIMSCOPE_DATA_DIR = './data';

  @Transform(toInt)
  @IsInt({ message: 'an integer number of milliseconds' })
  @Min(50, { message: 'at least 50 (milliseconds)' })
  RUNTIME_HEALTH_SAMPLE_MS = 1000;

  @Transform(toInt)
  @IsInt({ message: 'an integer number of milliseconds' })
  @Min(1, { message: 'at least 1' })
  RUNTIME_GUARD_EVENT_LOOP_P99_DEGRADED_MS = 200;

  @Transform(toInt)
  @IsInt({ message: 'an integer number of milliseconds' })
  @Min(1, { message: 'at least 1' })
  RUNTIME_GUARD_EVENT_LOOP_P99_CRITICAL_MS = 1000;

  @Transform(toFloat)
  @IsNumber({}, { message: 'a share between 0 and 1, e.g. 0.8' })
  @Min(0, { message: 'a share between 0 and 1' })
  @Max(1, { message: 'a share between 0 and 1' })
  RUNTIME_GUARD_MEMORY_DEGRADED = 0.8;

  @Transform(toFloat)
  @IsNumber({}, { message: 'a share between 0 and 1, e.g. 0.95' })
  @Min(0, { message: 'a share between 0 and 1' })
  @Max(1, { message: 'a share between 0 and 1' })
  RUNTIME_GUARD_MEMORY_CRITICAL = 0.95;

  @Transform(toFloat)
  @IsNumber({}, { message: 'a share between 0 and 1, e.g. 0.8' })
  @Min(0, { message: 'a share between 0 and 1' })
  @Max(1, { message: 'a share between 0 and 1' })
  RUNTIME_GUARD_WS_DEGRADED = 0.8;

  @Transform(toFloat)
  @IsNumber({}, { message: 'a share between 0 and 1, e.g. 0.95' })
  @Min(0, { message: 'a share between 0 and 1' })
  @Max(1, { message: 'a share between 0 and 1' })
  RUNTIME_GUARD_WS_CRITICAL = 0.95;

  /** Whole-host CPU busy percent; unset: 0.84 × the critical one (the original runtime's ratio). */
  @IsOptional()
  @Transform(toFloat)
  @IsNumber({}, { message: 'a percentage between 1 and 100, e.g. 77' })
  @Min(1, { message: 'a percentage between 1 and 100' })
  @Max(100, { message: 'a percentage between 1 and 100' })
  RUNTIME_GUARD_HOST_CPU_DEGRADED?: number;

  /** Also read as the original runtime's RUNTIME_GUARD_CPU_UTILIZATION_CRITICAL; 0 turns the input off. */
  @Transform(toFloat)
  @IsNumber({}, { message: '0 (off) or a percentage up to 100, e.g. 92' })
  @Min(0, { message: '0 (off) or a percentage up to 100' })
  @Max(100, { message: '0 (off) or a percentage up to 100' })
  RUNTIME_GUARD_HOST_CPU_CRITICAL = 92;

  /** Host memory pressure share; unset: 0.85 × the critical one. */
  @IsOptional()
  @Transform(toFloat)
  @IsNumber({}, { message: 'a share between 0 and 1, e.g. 0.76' })
  @Min(0, { message: 'a share between 0 and 1' })
  @Max(1, { message: 'a share between 0 and 1' })
  RUNTIME_GUARD_HOST_MEMORY_PRESSURE_DEGRADED?: number;

  /** Also read as the original runtime's RUNTIME_GUARD_MEMORY_PRESSURE_CRITICAL; 0 turns the input off. */
  @Transform(toFloat)
  @IsNumber({}, { message: '0 (off) or a share up to 1, e.g. 0.9' })
  @Min(0, { message: '0 (off) or a share up to 1' })
  @Max(1, { message: '0 (off) or a share up to 1' })
  RUNTIME_GUARD_HOST_MEMORY_PRESSURE_CRITICAL = 0.9;

  /** Error-line share of simscope's own log; unset: 0.65 × the critical one. */
  @IsOptional()
  @Transform(toFloat)
  @IsNumber({}, { message: 'a share between 0 and 1, e.g. 0.36' })
  @Min(0, { message: 'a share between 0 and 1' })
  @Max(1, { message: 'a share between 0 and 1' })
  RUNTIME_GUARD_LOG_ERROR_RATIO_DEGRADED?: number;

  /** The original runtime's name and default; 0 turns the input off. */
  @Transform(toFloat)
  @IsNumber({}, { message: '0 (off) or a share up to 1, e.g. 0.55' })
  @Min(0, { message: '0 (off) or a share up to 1' })
  @Max(1, { message: '0 (off) or a share up to 1' })
  RUNTIME_GUARD_LOG_ERROR_RATIO_CRITICAL = 0.55;

  /** How much longer periodic work waits under critical (degraded: ×2, at most this). */
  @Transform(toFloat)
  @IsNumber({}, { message: 'a factor of at least 1, e.g. 4' })
  @Min(1, { message: 'at least 1' })
  @Max(100, { message: 'at most 100' })
  RUNTIME_GUARD_CRITICAL_STRETCH = 4;

  @Transform(toInt)
  @IsInt({ message: 'an integer number of samples' })
  @Min(1, { message: 'at least 1' })
  RUNTIME_GUARD_ENTER_AFTER = 3;

  @Transform(toInt)
  @IsInt({ message: 'an integer number of samples' })
  @Min(1, { message: 'at least 1' })
  RUNTIME_GUARD_LEAVE_AFTER = 5;

  @Transform(toBool)
  @IsBoolean({ message: 'true or false' })
  RUNTIME_GUARD_SKIP_EXPENSIVE_ON_CRITICAL = true;

  @Transform(toBool)
  @IsBoolean({ message: 'true or false' })
  RUNTIME_GUARD_REFUSE_WS_ON_CRITICAL = false;

  /** group: one fsync for the writes that arrived together; each: one fsync per write. */
  @IsIn(['group', 'each'], { message: 'group or each' })
  SIMSCOPE_META_SYNC: 'group' | 'each' = 'group';

  /** Notes older than this many days move (by sealed segment) to `<data dir>/archive/`; unset: kept. */
  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'an integer number of days' })
  @Min(1, { message: 'at least 1' })
  SIMSCOPE_META_RETENTION_DAYS?: number;

  /**
   * Start, stop and restart of simulations from simscope (POST /api/docker/simulations/:ref/actions).
   * off: the route answers 404 and no Docker write client exists. on needs a way to know who asks.
   */
  @IsIn(['off', 'on'], { message: 'off or on' })
  SIMSCOPE_ACTIONS: 'off' | 'on' = 'off';

  /** Actions allowed per client per minute (429 with Retry-After beyond). */
  @Transform(toInt)
  @IsInt({ message: 'an integer number of actions per minute' })
  @Min(1, { message: 'at least 1' })
  SIMSCOPE_ACTIONS_RATE_LIMIT = 6;

  /** Seconds Docker waits after SIGTERM before it kills, on stop and restart. */
  @Transform(toInt)
  @IsInt({ message: 'an integer number of seconds' })
  @Min(0, { message: 'at least 0' })
  @Max(300, { message: 'at most 300' })
  SIMSCOPE_ACTIONS_STOP_TIMEOUT = 10;

  /** JSON keys that name a simulation event's type, tried in order (`<prefix>.events` opt-in). */
  @Transform(toList)
  @IsString({ each: true, message: 'a comma-separated list of JSON keys' })
  @ArrayNotEmpty({ message: 'at least one key' })
  SIMSCOPE_EVENTS_TYPE_KEYS: string[] = ['event_type', 'type', 'event'];

  /** Simulations whose events are followed at once (one log stream each); more are left out and logged. */
  @Transform(toInt)
  @IsInt({ message: 'an integer number of simulations' })
  @Min(0, { message: 'at least 0 (0 turns event intake off)' })
  SIMSCOPE_EVENTS_MAX_FOLLOWED = 200;

  /** Writes allowed per client per minute (429 with Retry-After beyond). */
  @Transform(toInt)
  @IsInt({ message: 'an integer number of writes per minute' })
  @Min(1, { message: 'at least 1' })
  SIMSCOPE_WRITE_RATE_LIMIT = 600;

  /** Comma-separated URLs that receive a JSON POST for every new failure observation. */
  @Transform(toList)
  @IsUrl(
    { require_tld: false, protocols: ['http', 'https'] },
    { each: true, message: 'a comma-separated list of http(s) URLs' },
  )
  SIMSCOPE_WEBHOOK_URLS: string[] = [];

  /** One alert per container at most this often. */
  @Transform(toInt)
  @IsInt({ message: 'an integer number of milliseconds' })
  @Min(0, { message: 'at least 0' })
  SIMSCOPE_WEBHOOK_COOLDOWN_MS = 300_000;

  /** Between background stats sweeps over every running simulation; 0 turns the sweep off. */
  @Transform(toInt)
  @IsInt({ message: 'an integer number of milliseconds' })
  @Validate(ZeroOrAtLeastConstraint, [1000])
  SIMSCOPE_STATS_SWEEP_MS = 15_000;

  /** Usage ÷ limit from which a resource is a warning … */
  @Transform(toFloat)
  @IsNumber({}, { message: 'a share between 0 and 1, e.g. 0.75' })
  @Min(0, { message: 'a share between 0 and 1' })
  @Max(1, { message: 'a share between 0 and 1' })
  SIMSCOPE_STATS_WARNING = 0.75;

  /** … and critical (sustained critical memory becomes a phase reason). */
  @Transform(toFloat)
  @IsNumber({}, { message: 'a share between 0 and 1, e.g. 0.9' })
  @Min(0, { message: 'a share between 0 and 1' })
  @Max(1, { message: 'a share between 0 and 1' })
  SIMSCOPE_STATS_CRITICAL = 0.9;

  /** Log lines per second each follower may receive; the excess is counted as dropped. */
  @Transform(toInt)
  @IsInt({ message: 'an integer number of lines per second' })
  @Min(1, { message: 'at least 1' })
  SIMSCOPE_LOGS_RATE = 200;

  /**
   * How people and scripts are identified. none: anyone who can reach the server (writes and the
   * socket need SIMSCOPE_API_TOKEN when it is set); token: every request and socket needs a key, each
   * key has a role, and SIMSCOPE_API_TOKEN is the bootstrap admin key; proxy: an authenticating
   * proxy in SIMSCOPE_TRUST_PROXY names the person in headers (API keys work beside it); oidc:
   * simscope signs people in with OpenID Connect (API keys work beside it).
   */
  @IsIn(['none', 'token', 'proxy', 'oidc'], { message: 'none, token, proxy or oidc' })
  SIMSCOPE_AUTH: 'none' | 'token' | 'proxy' | 'oidc' = 'none';

  /**
   * proxy mode: the request header the authenticating proxy names the person in. Believed only from
   * a peer in SIMSCOPE_TRUST_PROXY.
   */
  @Matches(HEADER_NAME, { message: 'an HTTP header name' })
  SIMSCOPE_PROXY_USER_HEADER = 'X-Forwarded-User';

  /** proxy mode: the header with the person's e-mail (their name when the user header is absent). */
  @Matches(HEADER_NAME, { message: 'an HTTP header name' })
  SIMSCOPE_PROXY_EMAIL_HEADER = 'X-Forwarded-Email';

  /** proxy mode: the header with the person's groups, comma-separated. */
  @Matches(HEADER_NAME, { message: 'an HTTP header name' })
  SIMSCOPE_PROXY_GROUPS_HEADER = 'X-Forwarded-Groups';

  /** oidc mode: the provider's issuer URL (its /.well-known/openid-configuration is read). */
  @IsOptional()
  @IsUrl(
    { require_tld: false, protocols: ['https'], require_protocol: true },
    { message: 'an https:// issuer URL' },
  )
  SIMSCOPE_OIDC_ISSUER?: string;

  /** oidc mode: simscope's client id at the provider. */
  @IsOptional()
  @IsString()
  SIMSCOPE_OIDC_CLIENT_ID?: string;

  /** oidc mode: the client secret; unset for a public client (PKCE alone). */
  @IsOptional()
  @IsString()
  SIMSCOPE_OIDC_CLIENT_SECRET?: string;

  /** oidc mode: the scopes to ask for. */
  @Matches(/^openid( [\w:./-]+)*$/, { message: 'space-separated scopes starting with openid' })
  SIMSCOPE_OIDC_SCOPES = 'openid profile email';

  /** oidc mode: the claim (ID token or userinfo) that lists the person's groups or roles. */
  @Matches(/^[\w:./-]+$/, { message: 'a claim name' })
  SIMSCOPE_OIDC_GROUPS_CLAIM = 'groups';

  /**
   * oidc mode: the address people open simscope at (scheme, host, port); the provider sends them
   * back to <this>/auth/callback. https makes the session cookie Secure.
   */
  @IsOptional()
  @IsUrl(
    { require_tld: false, protocols: ['http', 'https'], require_protocol: true },
    { message: 'an http(s):// URL such as https://simscope.example.org' },
  )
  SIMSCOPE_PUBLIC_URL?: string;

  /** oidc mode: signs the session cookie; at least 32 characters. */
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'a secret of at least 32 characters' })
  SIMSCOPE_SESSION_SECRET?: string;

  /** oidc mode: how long a sign-in lasts. */
  @Transform(toInt)
  @IsInt({ message: 'an integer number of milliseconds' })
  @Min(1000, { message: 'at least 1000 (milliseconds)' })
  SIMSCOPE_SESSION_TTL_MS = 43_200_000;

  /** proxy and oidc modes: which groups give which role, e.g. admin:ops-admins,operator:sim-team. */
  @Transform(toList)
  @Validate(IsRoleGroupsConstraint)
  SIMSCOPE_ROLE_GROUPS: string[] = [];

  /**
   * proxy and oidc modes: the role of someone signed in who is in no group of
   * SIMSCOPE_ROLE_GROUPS; none refuses them (403).
   */
  @IsIn(['viewer', 'operator', 'none'], { message: 'viewer, operator or none' })
  SIMSCOPE_DEFAULT_ROLE: 'viewer' | 'operator' | 'none' = 'viewer';

  /** When set, writes (and later the socket handshake) need this bearer token. */
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'a token of at least 16 characters' })
  @MaxLength(512, { message: 'a token of at most 512 characters' })
  SIMSCOPE_API_TOKEN?: string;
}
