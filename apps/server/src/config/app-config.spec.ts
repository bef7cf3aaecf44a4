import { ConfigError, loadConfig } from './app-config.js';

describe('loadConfig', () => {
  it('applies the documented defaults to an empty environment', () => {
    const sut = loadConfig({});

    expect(sut).toMatchObject({
      NODE_ENV: 'development',
      PORT: 3000,
      SIMSCOPE_LABEL_PREFIX: 'simscope',
      SIMSCOPE_NAME_PATTERN: '^sim[-_.]',
      SIMSCOPE_INCLUDE_STOPPED: true,
      SIMSCOPE_NETWORK: 'sim-net',
      SIMSCOPE_RECONCILE_MS: 60000,
      SIMSCOPE_EXPOSE_LABELS: [],
      SIMSCOPE_BODY_LIMIT: '64kb',
    });
    expect(sut.DOCKER_HOST).toBeUndefined();
  });

  it.each([
    ['PORT', '8080', 8080],
    ['SIMSCOPE_INCLUDE_STOPPED', 'false', false],
    ['SIMSCOPE_INCLUDE_STOPPED', 'yes', true],
    ['SIMSCOPE_RECONCILE_MS', '5000', 5000],
    ['SIMSCOPE_EXPOSE_LABELS', 'team, org.opencontainers.*', ['team', 'org.opencontainers.*']],
    ['DOCKER_HOST', 'tcp://gpu1:2376', 'tcp://gpu1:2376'],
    ['DOCKER_HOST', 'unix:///run/user/1000/docker.sock', 'unix:///run/user/1000/docker.sock'],
  ])('reads %s=%j', (key, raw, expected) => {
    expect(loadConfig({ [key]: raw })[key as keyof ReturnType<typeof loadConfig>]).toEqual(
      expected,
    );
  });

  it.each([
    ['PORT', 'eighty', /PORT must be .*port/],
    [
      'SIMSCOPE_NAME_PATTERN',
      '(unclosed',
      /SIMSCOPE_NAME_PATTERN must be a valid JavaScript regular expression \(got "\(unclosed"\)/,
    ],
    ['SIMSCOPE_RECONCILE_MS', '10', /SIMSCOPE_RECONCILE_MS must be at least 1000/],
    ['SIMSCOPE_INCLUDE_STOPPED', 'maybe', /SIMSCOPE_INCLUDE_STOPPED must be true or false/],
    ['DOCKER_HOST', 'http://x', /DOCKER_HOST must be a Docker endpoint/],
    ['SIMSCOPE_API_TOKEN', 'short', /SIMSCOPE_API_TOKEN must be a token of at least 16 characters/],
    ['NODE_ENV', 'staging', /NODE_ENV must be one of development, production, test/],
    [
      'SIMSCOPE_ROLE_GROUPS',
      'admin:ops,boss:x',
      /SIMSCOPE_ROLE_GROUPS must be .*'boss:x' is not role:group/,
    ],
    [
      'SIMSCOPE_PROXY_USER_HEADER',
      'X User',
      /SIMSCOPE_PROXY_USER_HEADER must be an HTTP header name/,
    ],
    ['SIMSCOPE_AUTH', 'ldap', /SIMSCOPE_AUTH must be none, token, proxy or oidc/],
    [
      'SIMSCOPE_OIDC_ISSUER',
      'http://idp.example.org',
      /SIMSCOPE_OIDC_ISSUER must be an https:\/\/ issuer URL/,
    ],
    [
      'SIMSCOPE_SESSION_SECRET',
      'short',
      /SIMSCOPE_SESSION_SECRET must be a secret of at least 32 characters/,
    ],
  ])('rejects %s=%j with one readable line', (key, raw, message) => {
    const sut = () => loadConfig({ [key]: raw });

    expect(sut).toThrow(ConfigError);
    expect(sut).toThrow(message);
    expect(() => sut()).not.toThrow(/\n/);
  });

  it.each<[Record<string, string>, string]>([
    [
      { SIMSCOPE_STATS_WARNING: '0.95' },
      'SIMSCOPE_STATS_WARNING (0.95) must be below SIMSCOPE_STATS_CRITICAL (0.9)',
    ],
    [
      { RUNTIME_GUARD_MEMORY_DEGRADED: '0.5', RUNTIME_GUARD_MEMORY_CRITICAL: '0.5' },
      'RUNTIME_GUARD_MEMORY_DEGRADED (0.5) must be below RUNTIME_GUARD_MEMORY_CRITICAL (0.5)',
    ],
    [
      { RUNTIME_GUARD_WS_CRITICAL: '0.7' },
      'RUNTIME_GUARD_WS_DEGRADED (0.8) must be below RUNTIME_GUARD_WS_CRITICAL (0.7)',
    ],
    [
      { RUNTIME_GUARD_EVENT_LOOP_P99_DEGRADED_MS: '2000' },
      'RUNTIME_GUARD_EVENT_LOOP_P99_DEGRADED_MS (2000) must be below RUNTIME_GUARD_EVENT_LOOP_P99_CRITICAL_MS (1000)',
    ],
    [
      { RUNTIME_GUARD_HOST_CPU_DEGRADED: '95' },
      'RUNTIME_GUARD_HOST_CPU_DEGRADED (95) must be below RUNTIME_GUARD_HOST_CPU_CRITICAL (92)',
    ],
    [
      {
        RUNTIME_GUARD_LOG_ERROR_RATIO_DEGRADED: '0.4',
        RUNTIME_GUARD_LOG_ERROR_RATIO_CRITICAL: '0.3',
      },
      'RUNTIME_GUARD_LOG_ERROR_RATIO_DEGRADED (0.4) must be below RUNTIME_GUARD_LOG_ERROR_RATIO_CRITICAL (0.3)',
    ],
    [
      { SIMSCOPE_AUTH: 'token' },
      'SIMSCOPE_AUTH=token needs SIMSCOPE_API_TOKEN (the bootstrap admin key that creates the others)',
    ],
    [
      { SIMSCOPE_ACTIONS: 'on' },
      'SIMSCOPE_ACTIONS=on needs SIMSCOPE_API_TOKEN or SIMSCOPE_AUTH other than none: anyone who can reach simscope could otherwise stop simulations',
    ],
    [{ SIMSCOPE_ACTIONS: 'maybe' }, 'SIMSCOPE_ACTIONS must be off or on (got "maybe")'],
    ...['', 'true', '2'].map((trust): [Record<string, string>, string] => [
      { SIMSCOPE_AUTH: 'proxy', ...(trust ? { SIMSCOPE_TRUST_PROXY: trust } : {}) },
      "SIMSCOPE_AUTH=proxy needs SIMSCOPE_TRUST_PROXY to name the proxy's addresses (e.g. loopback or 10.0.0.5), not true, false or a hop count: identity headers from anyone else are ignored",
    ]),
    [
      { SIMSCOPE_AUTH: 'oidc', SIMSCOPE_OIDC_CLIENT_ID: 'simscope' },
      'SIMSCOPE_AUTH=oidc needs SIMSCOPE_OIDC_ISSUER, SIMSCOPE_PUBLIC_URL, SIMSCOPE_SESSION_SECRET',
    ],
    [
      { SIMSCOPE_LIVE_COALESCE_MS: '300' },
      'SIMSCOPE_LIVE_COALESCE_MS (300) must be at most SIMSCOPE_LIVE_COALESCE_MAX_MS (250)',
    ],
  ])('refuses settings out of order: %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(`Invalid configuration: ${message}`);
  });

  it('accepts proxy mode with a named proxy and role groups', () => {
    expect(
      loadConfig({
        SIMSCOPE_AUTH: 'proxy',
        SIMSCOPE_TRUST_PROXY: 'loopback, 10.0.0.5',
        SIMSCOPE_ROLE_GROUPS: 'admin:ops-admins, operator:sim-team',
      }).SIMSCOPE_ROLE_GROUPS,
    ).toEqual(['admin:ops-admins', 'operator:sim-team']);
  });

  it('accepts settings in order, and equal coalesce windows', () => {
    expect(() =>
      loadConfig({
        SIMSCOPE_STATS_WARNING: '0.5',
        SIMSCOPE_STATS_CRITICAL: '0.6',
        SIMSCOPE_LIVE_COALESCE_MS: '250',
      }),
    ).not.toThrow();
  });

  it('ignores variables it does not know', () => {
    expect(() => loadConfig({ PATH: '/usr/bin', HOME: '/root' })).not.toThrow();
  });
});

describe('SIMSCOPE_DOCKER_ENDPOINTS at start-up', () => {
  it('stops start-up with one line naming the malformed entry', () => {
    expect(() =>
      loadConfig({ SIMSCOPE_DOCKER_ENDPOINTS: 'local=unix:///var/run/docker.sock,gpu1=gpu1:2376' }),
    ).toThrow(
      'Invalid configuration: SIMSCOPE_DOCKER_ENDPOINTS entry 2 ("gpu1=gpu1:2376") must be name=unix:///path',
    );
  });
});
