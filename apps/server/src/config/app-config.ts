import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validateSync, type ValidationError } from 'class-validator';
import { resolveEnvAliases } from './env-aliases.js';
import { EnvironmentDto } from './env.dto.js';
import { engineEndpoints } from './settings.js';

/** The validated environment. Only config/ reads it: features inject their settings (settings.ts). */
export abstract class AppConfig extends EnvironmentDto {}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

function describe(
  error: ValidationError,
  raw: Record<string, string | undefined>,
  setAs: Map<string, string>,
): string {
  const expectations = [...new Set(Object.values(error.constraints ?? {}))].join(', ');
  const alias = setAs.get(error.property);
  const name = alias ? `${error.property} (set as ${alias})` : error.property;
  return `${name} must be ${expectations} (got ${JSON.stringify(raw[error.property])})`;
}

/** Validates an environment; throws a ConfigError whose message is one line naming every bad variable. */
export function loadConfig(given: Record<string, string | undefined> = process.env): AppConfig {
  const { env: raw, setAs, problems } = resolveEnvAliases(given);
  if (problems.length > 0) {
    throw new ConfigError(problems);
  }
  const relevant = Object.fromEntries(
    Object.entries(raw).filter(([k, v]) => v !== undefined && v !== '' && KNOWN_KEYS.has(k)),
  );
  const config = plainToInstance(EnvironmentDto, relevant);
  const errors = validateSync(config, { whitelist: true });
  if (errors.length > 0) {
    throw new ConfigError(errors.map((e) => describe(e, raw, setAs)));
  }
  const crossed = crossFieldProblems(config);
  if (crossed.length > 0) {
    throw new ConfigError(crossed);
  }
  try {
    engineEndpoints(config);
  } catch (err) {
    throw new ConfigError([err instanceof Error ? err.message : String(err)]);
  }
  return config;
}

type NumericKey = {
  [K in keyof EnvironmentDto]-?: EnvironmentDto[K] extends number ? K : never;
}[keyof EnvironmentDto];

/** Settings that only make sense in order: [lower, higher, whether they may be equal]. */
const ORDERED: [NumericKey, NumericKey, boolean][] = [
  ['SIMSCOPE_STATS_WARNING', 'SIMSCOPE_STATS_CRITICAL', false],
  ['RUNTIME_GUARD_MEMORY_DEGRADED', 'RUNTIME_GUARD_MEMORY_CRITICAL', false],
  ['RUNTIME_GUARD_WS_DEGRADED', 'RUNTIME_GUARD_WS_CRITICAL', false],
  ['RUNTIME_GUARD_EVENT_LOOP_P99_DEGRADED_MS', 'RUNTIME_GUARD_EVENT_LOOP_P99_CRITICAL_MS', false],
  ['SIMSCOPE_LIVE_COALESCE_MS', 'SIMSCOPE_LIVE_COALESCE_MAX_MS', true],
];

/** Like ORDERED, for a lower setting that may be unset (then derived from the higher one). */
const OPTIONAL_ORDERED = [
  ['RUNTIME_GUARD_HOST_CPU_DEGRADED', 'RUNTIME_GUARD_HOST_CPU_CRITICAL'],
  ['RUNTIME_GUARD_HOST_MEMORY_PRESSURE_DEGRADED', 'RUNTIME_GUARD_HOST_MEMORY_PRESSURE_CRITICAL'],
  ['RUNTIME_GUARD_LOG_ERROR_RATIO_DEGRADED', 'RUNTIME_GUARD_LOG_ERROR_RATIO_CRITICAL'],
] as const;

/** Settings that are each valid but not together: one line per pair. */
function crossFieldProblems(config: EnvironmentDto): string[] {
  const needs = [];
  if (config.SIMSCOPE_AUTH === 'token' && !config.SIMSCOPE_API_TOKEN) {
    needs.push(
      'SIMSCOPE_AUTH=token needs SIMSCOPE_API_TOKEN (the bootstrap admin key that creates the others)',
    );
  }
  if (config.SIMSCOPE_AUTH === 'oidc') {
    const missing = (
      [
        'SIMSCOPE_OIDC_ISSUER',
        'SIMSCOPE_OIDC_CLIENT_ID',
        'SIMSCOPE_PUBLIC_URL',
        'SIMSCOPE_SESSION_SECRET',
      ] as const
    ).filter((k) => !config[k]);
    if (missing.length) {
      needs.push(`SIMSCOPE_AUTH=oidc needs ${missing.join(', ')}`);
    }
  }
  if (config.SIMSCOPE_ACTIONS === 'on' && config.SIMSCOPE_AUTH === 'none' && !config.SIMSCOPE_API_TOKEN) {
    needs.push(
      'SIMSCOPE_ACTIONS=on needs SIMSCOPE_API_TOKEN or SIMSCOPE_AUTH other than none: anyone who can reach simscope could otherwise stop simulations',
    );
  }
  const trust = config.SIMSCOPE_TRUST_PROXY?.trim() ?? '';
  if (config.SIMSCOPE_AUTH === 'proxy' && (!trust || /^(true|false|\d+)$/.test(trust))) {
    needs.push(
      "SIMSCOPE_AUTH=proxy needs SIMSCOPE_TRUST_PROXY to name the proxy's addresses (e.g. loopback or 10.0.0.5), not true, false or a hop count: identity headers from anyone else are ignored",
    );
  }
  for (const [low, high] of OPTIONAL_ORDERED) {
    const a = config[low];
    if (a !== undefined && a >= config[high]) {
      needs.push(`${low} (${a}) must be below ${high} (${config[high]})`);
    }
  }
  return needs.concat(
    ORDERED.flatMap(([low, high, equalOk]) => {
      const a = config[low];
      const b = config[high];
      return a < b || (equalOk && a === b)
        ? []
        : [`${low} (${a}) must be ${equalOk ? 'at most' : 'below'} ${high} (${b})`];
    }),
  );
}

/** Every variable the DTO declares, read from class-validator's metadata (optional ones included). */
const KNOWN_KEYS = new Set(
  getMetadataStorage()
    .getTargetValidationMetadatas(EnvironmentDto, '', true, false)
    .map((m) => m.propertyName),
);
