/**
 * The original runtime's setting names, read as simscope's: a team's existing environment keeps
 * working. Both names set to different values is an error, never a silent choice.
 */
export const ENV_ALIASES: Readonly<Record<string, string>> = {
  RUNTIME_GUARD_CPU_UTILIZATION_CRITICAL: 'RUNTIME_GUARD_HOST_CPU_CRITICAL',
  RUNTIME_GUARD_MEMORY_PRESSURE_CRITICAL: 'RUNTIME_GUARD_HOST_MEMORY_PRESSURE_CRITICAL',
  RUNTIME_GUARD_SKIP_SIMULATION_ON_CRITICAL: 'RUNTIME_GUARD_SKIP_EXPENSIVE_ON_CRITICAL',
  RUNTIME_GUARD_INTERVAL_SCALE: 'RUNTIME_GUARD_CRITICAL_STRETCH',
};

export interface ResolvedEnv {
  env: Record<string, string | undefined>;
  /** simscope's name → the alias it was set as, for error messages. */
  setAs: Map<string, string>;
  problems: string[];
}

const given = (v: string | undefined): v is string => v !== undefined && v.trim() !== '';

/** Renames aliases to simscope's names. Pure. */
export function resolveEnvAliases(raw: Record<string, string | undefined>): ResolvedEnv {
  const env = { ...raw };
  const setAs = new Map<string, string>();
  const problems: string[] = [];
  for (const [alias, name] of Object.entries(ENV_ALIASES)) {
    const a = raw[alias];
    if (!given(a)) {
      continue;
    }
    const own = raw[name];
    if (given(own) && own.trim() !== a.trim()) {
      problems.push(
        `${alias} (the original runtime's name for ${name}) is ${JSON.stringify(a)} but ${name} is ${JSON.stringify(own)}: set one`,
      );
      continue;
    }
    if (!given(own)) {
      env[name] = a;
      setAs.set(name, alias);
    }
  }
  return { env, setAs, problems };
}
