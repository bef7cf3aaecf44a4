import { parse, serialize } from 'cookie';
import { sign, unsign } from 'cookie-signature';

/** The signed-in session (oidc mode). */
export const SESSION_COOKIE = 'simscope_session';
/** A sign-in under way: state, nonce, PKCE verifier and where to return, for ten minutes. */
export const FLOW_COOKIE = 'simscope_oidc';

/** A cookie's value as it arrived, if its signature is ours (null: absent, or tampered with). */
export function readSigned(
  cookieHeader: string | undefined,
  name: string,
  secret: string,
): string | null {
  if (!cookieHeader) {
    return null;
  }
  const raw = parse(cookieHeader)[name];
  if (!raw) {
    return null;
  }
  const value = unsign(raw, secret);
  return value === false ? null : value;
}

/** A Set-Cookie value: HttpOnly, SameSite=Lax, Secure over https; maxAgeS 0 deletes it. */
export function signedCookie(
  name: string,
  value: string,
  options: { secret: string; maxAgeS: number; secure: boolean; path?: string },
): string {
  return serialize(name, options.maxAgeS > 0 ? sign(value, options.secret) : '', {
    httpOnly: true,
    sameSite: 'lax',
    secure: options.secure,
    path: options.path ?? '/',
    maxAge: options.maxAgeS,
  });
}
