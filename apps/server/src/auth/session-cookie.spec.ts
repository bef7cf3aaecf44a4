import { readSigned, signedCookie } from './session-cookie.js';

const SECRET = 'a-session-secret-of-at-least-32-chars';
const header = (setCookie: string) => setCookie.split(';')[0];

describe('signed cookies', () => {
  it('reads back what it signed, with the attributes a session cookie needs', () => {
    const set = signedCookie('s', 'id-1', { secret: SECRET, maxAgeS: 60, secure: true });

    expect(set).toMatch(/^s=id-1\.[^;]+; Max-Age=60; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
    expect(readSigned(`other=1; ${header(set)}`, 's', SECRET)).toBe('id-1');
  });

  it.each<[string, string | undefined]>([
    ['no header', undefined],
    ['no such cookie', 'other=1'],
    ['an unsigned value', 's=id-1'],
    ['another value under the signature', 'TAMPER'],
    ['another secret', 'OTHER-SECRET'],
  ])('refuses %s', (_case, given) => {
    const set = signedCookie('s', 'id-1', { secret: SECRET, maxAgeS: 60, secure: false });
    const cookie =
      given === 'TAMPER'
        ? header(set).replace('id-1', 'id-2')
        : given === 'OTHER-SECRET'
          ? header(signedCookie('s', 'id-1', { secret: `${SECRET}x`, maxAgeS: 60, secure: false }))
          : given;
    expect(readSigned(cookie, 's', SECRET)).toBeNull();
  });

  it('deletes with an empty value and no age, without Secure over http', () => {
    expect(signedCookie('s', 'id-1', { secret: SECRET, maxAgeS: 0, secure: false })).toBe(
      's=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax',
    );
  });
});
