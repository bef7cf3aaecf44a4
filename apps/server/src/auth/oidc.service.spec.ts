import type { HttpSettings } from '../config/settings.js';
import { OidcService, SignInError, safeReturnTo } from './oidc.service.js';
import { SESSION_COOKIE, signedCookie } from './session-cookie.js';

const SECRET = 'a-session-secret-of-at-least-32-chars';
const oidcHttp = {
  oidc: {
    issuer: 'https://idp.example.org',
    clientId: 'simscope',
    clientSecret: null,
    scopes: 'openid',
    groupsClaim: 'groups',
    publicUrl: 'https://simscope.example.org',
    sessionSecret: SECRET,
    sessionTtlMs: 60_000,
  },
  roleMapping: { roleGroups: [], defaultRole: 'viewer' },
} as unknown as HttpSettings;

describe('safeReturnTo', () => {
  it.each<[unknown, string]>([
    ['/dashboard/meta?q=x', '/dashboard/meta?q=x'],
    ['/', '/'],
    ['//evil.example/path', '/'],
    ['/\\evil.example', '/'],
    ['https://evil.example/', '/'],
    ['dashboard', '/'],
    [undefined, '/'],
    [['/a', '/b'], '/'],
    [`/${'a'.repeat(2048)}`, '/'],
  ])('%p → %p', (given, expected) => {
    expect(safeReturnTo(given)).toBe(expected);
  });
});

describe('OidcService', () => {
  const opened: OidcService[] = [];
  const open = (http: HttpSettings) => {
    const sut = new OidcService(http);
    opened.push(sut);
    return sut;
  };
  afterEach(() => opened.splice(0).forEach((s) => s.onModuleDestroy()));

  it('knows a session by its signed cookie, and nothing by a tampered or ended one', () => {
    const sut = open(oidcHttp);
    const bob = { id: 'sub-bob', name: 'bob', role: 'operator' as const, via: 'oidc' as const };
    const { id } = sut.sessions!.create(bob);
    const cookie = (value: string, secret = SECRET) =>
      signedCookie(SESSION_COOKIE, value, { secret, maxAgeS: 60, secure: true }).split(';')[0];

    expect(sut.identityOf(cookie(id))).toEqual(bob);
    expect(sut.identityOf(cookie(id, `${SECRET}-other`))).toBeNull();
    expect(sut.identityOf(`${SESSION_COOKIE}=${id}`)).toBeNull();
    expect(sut.end(cookie(id))).toMatch(/^simscope_session=; Max-Age=0; Path=\/; HttpOnly; Secure/);
    expect(sut.identityOf(cookie(id))).toBeNull();
  });

  it('signs nobody in outside oidc mode', async () => {
    const sut = open({ oidc: null } as unknown as HttpSettings);

    expect([sut.enabled, sut.sessions, sut.identityOf('simscope_session=x')]).toEqual([
      false,
      null,
      null,
    ]);
    await expect(sut.begin('/')).rejects.toBeInstanceOf(SignInError);
  });
});
