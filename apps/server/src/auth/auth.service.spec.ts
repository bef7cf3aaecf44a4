import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IncomingHttpHeaders } from 'node:http';
import { compileTrust } from '../config/trust-proxy.js';
import { parseRoleGroups } from '../config/role-groups.js';
import type { HttpSettings, MetaSettings } from '../config/settings.js';
import { AuthService, KEYS_FILE } from './auth.service.js';
import { OidcService } from './oidc.service.js';

const BOOTSTRAP = 'bootstrap-admin-key-0123456789';
type Mode = HttpSettings['authMode'];

/** What a request from `client` presents (the peer is the client unless given). */
const from = (
  client: string,
  credential?: string,
  headers: IncomingHttpHeaders = {},
  peer = client,
) => ({ credential, client, peer, headers });

/** The service on a real temporary data directory, in the given mode (proxy: loopback is the proxy). */
async function open(dataDir: string, authMode: Mode = 'token') {
  const http = {
    apiToken: BOOTSTRAP,
    authMode,
    trustProxy: compileTrust('loopback'),
    proxyAuth:
      authMode === 'proxy'
        ? {
            headers: {
              user: 'x-forwarded-user',
              email: 'x-forwarded-email',
              groups: 'x-forwarded-groups',
            },
          }
        : null,
    oidc: null,
    roleMapping: {
      roleGroups: parseRoleGroups(['admin:ops', 'operator:sim-team']),
      defaultRole: null,
    },
  } as HttpSettings;
  const sut = new AuthService(http, { dataDir } as MetaSettings, new OidcService(http));
  await sut.onModuleInit();
  return sut;
}

describe('AuthService', () => {
  let dir: string;
  const opened: AuthService[] = [];
  const start = async (mode?: Mode) => {
    const sut = await open(dir, mode);
    opened.push(sut);
    return sut;
  };

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'simscope-auth-spec-'));
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.onApplicationShutdown()));
    await rm(dir, { recursive: true, force: true });
  });

  it('knows the bootstrap key as admin, and a created key after a restart', async () => {
    const first = await start();
    const created = await first.create('  alice  ', 'operator');
    await first.onApplicationShutdown();
    opened.splice(0);

    const sut = await start();

    expect(await sut.identify(from('ip', BOOTSTRAP))).toEqual({
      ok: true,
      identity: { id: 'bootstrap', name: 'bootstrap admin', role: 'admin', via: 'key' },
    });
    expect(await sut.identify(from('ip', created.key))).toEqual({
      ok: true,
      identity: { id: created.id, name: 'alice', role: 'operator', via: 'key' },
    });
    expect(await readFile(join(dir, KEYS_FILE), 'utf8')).not.toContain(created.key);
  });

  it('tells a missing key from a wrong one, and stops a client address after ten wrong ones', async () => {
    const sut = await start();

    expect(await sut.identify(from('a', undefined))).toEqual({
      ok: false,
      status: 401,
      reason: 'missing',
      message: 'an API key is required (Authorization: Bearer <key>)',
    });
    for (let i = 0; i < 10; i++) {
      expect(await sut.identify(from('a', 'wrong'))).toEqual({
        ok: false,
        status: 401,
        reason: 'invalid',
        message: 'that API key is not valid',
      });
    }
    expect(await sut.identify(from('a', BOOTSTRAP))).toMatchObject({ ok: false, status: 429 });
    expect(await sut.identify(from('b', BOOTSTRAP))).toMatchObject({ ok: true });
    expect(sut.failed).toEqual({ invalid: 10, rate_limited: 1 });
  });

  it('revokes a key at once, says which, and survives a restart', async () => {
    const first = await start();
    const { id, key } = await first.create('temp', 'viewer');
    const revoked: string[] = [];
    first.revoked$.subscribe((r) => revoked.push(r));

    expect(await first.revoke(id)).toBe(true);
    expect(await first.revoke(id)).toBe(false);
    expect(revoked).toEqual([id]);
    expect(await first.identify(from('ip', key))).toMatchObject({ ok: false, reason: 'invalid' });
    await first.onApplicationShutdown();
    opened.splice(0);
    expect((await start()).list()).toEqual([]);
  });

  it('in none mode, is the anonymous admin to everyone and keeps no keys', async () => {
    const sut = await start('none');

    expect(await sut.identify(from('ip', undefined))).toMatchObject({
      ok: true,
      identity: { id: 'anonymous', via: 'none' },
    });
    await expect(sut.create('x', 'viewer')).rejects.toThrow(
      'API keys exist only with SIMSCOPE_AUTH=token, proxy or oidc',
    );
  });

  it('in proxy mode, believes identity headers only from the proxy, and keys still work', async () => {
    const sut = await start('proxy');
    const alice = { 'x-forwarded-user': 'alice', 'x-forwarded-groups': 'ops' };

    expect(await sut.identify(from('203.0.113.9', undefined, alice, '127.0.0.1'))).toEqual({
      ok: true,
      identity: { id: 'alice', name: 'alice', role: 'admin', via: 'proxy' },
    });
    // The same headers straight from a client are ignored (and counted).
    expect(await sut.identify(from('203.0.113.9', undefined, alice))).toMatchObject({
      ok: false,
      status: 401,
      reason: 'missing',
    });
    expect(
      await sut.identify(from('10.0.0.2', undefined, { 'x-forwarded-user': 'carol' }, '::1')),
    ).toEqual({
      ok: false,
      status: 403,
      reason: 'no_role',
      message: 'carol is signed in but in no group that has a role here',
    });
    // A script's key works beside the proxy, and wins over headers.
    expect(await sut.identify(from('198.51.100.1', BOOTSTRAP, alice, '127.0.0.1'))).toMatchObject({
      ok: true,
      identity: { id: 'bootstrap', via: 'key' },
    });
    expect(sut.failed).toEqual({ untrusted_proxy: 1, no_role: 1 });
  });
});
