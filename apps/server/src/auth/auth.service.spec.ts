import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HttpSettings, MetaSettings } from '../config/settings.js';
import { AuthService, KEYS_FILE } from './auth.service.js';

const BOOTSTRAP = 'bootstrap-admin-key-0123456789';

/** The service on a real temporary data directory, in the given mode. */
async function open(dataDir: string, authMode: 'none' | 'token' = 'token') {
  const http = { apiToken: BOOTSTRAP, authMode } as HttpSettings;
  const sut = new AuthService(http, { dataDir } as MetaSettings);
  await sut.onModuleInit();
  return sut;
}

describe('AuthService', () => {
  let dir: string;
  const opened: AuthService[] = [];
  const start = async (mode?: 'none' | 'token') => {
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

    expect(await sut.identify(BOOTSTRAP, 'ip')).toEqual({
      ok: true,
      identity: { id: 'bootstrap', name: 'bootstrap admin', role: 'admin', via: 'key' },
    });
    expect(await sut.identify(created.key, 'ip')).toEqual({
      ok: true,
      identity: { id: created.id, name: 'alice', role: 'operator', via: 'key' },
    });
    expect(await readFile(join(dir, KEYS_FILE), 'utf8')).not.toContain(created.key);
  });

  it('tells a missing key from a wrong one, and stops a client address after ten wrong ones', async () => {
    const sut = await start();

    expect(await sut.identify(undefined, 'a')).toEqual({
      ok: false,
      status: 401,
      reason: 'missing',
    });
    for (let i = 0; i < 10; i++) {
      expect(await sut.identify('wrong', 'a')).toEqual({
        ok: false,
        status: 401,
        reason: 'invalid',
      });
    }
    expect(await sut.identify(BOOTSTRAP, 'a')).toMatchObject({ ok: false, status: 429 });
    expect(await sut.identify(BOOTSTRAP, 'b')).toMatchObject({ ok: true });
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
    expect(await first.identify(key, 'ip')).toMatchObject({ ok: false, reason: 'invalid' });
    await first.onApplicationShutdown();
    opened.splice(0);
    expect((await start()).list()).toEqual([]);
  });

  it('in none mode, is the anonymous admin to everyone and keeps no keys', async () => {
    const sut = await start('none');

    expect(await sut.identify(undefined, 'ip')).toMatchObject({
      ok: true,
      identity: { id: 'anonymous', via: 'none' },
    });
    await expect(sut.create('x', 'viewer')).rejects.toThrow(
      'API keys exist only with SIMSCOPE_AUTH=token',
    );
  });
});
