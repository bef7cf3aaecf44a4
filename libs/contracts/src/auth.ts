/** Who may do what: each role can do everything the ones before it can. */
export const ROLES = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** How an identity was established. */
export type AuthVia = 'none' | 'key' | 'proxy' | 'oidc';

/** Whether `have` includes what `need` allows. */
export function roleAllows(have: Role, need: Role): boolean {
  return ROLES.indexOf(have) >= ROLES.indexOf(need);
}

/** Who wrote a record, from the identity that made the request. */
export interface Author {
  id: string;
  name: string;
  via: AuthVia;
}

/** GET /api/auth/me */
export interface Me {
  /** null in `none` mode: nobody in particular. */
  user: { id: string; name: string } | null;
  role: Role;
  via: AuthVia;
}

/** GET /api/auth/config (open to anyone): how this server identifies people. */
export interface AuthConfig {
  mode: 'none' | 'token' | 'proxy' | 'oidc';
  /** Where a browser signs in (oidc mode), null otherwise. */
  signIn: string | null;
  /** Where a browser signs out (oidc mode), null otherwise. */
  signOut: string | null;
}

/** An API key as listed (never its secret). */
export interface ApiKey {
  id: string;
  name: string;
  role: Role;
  createdAt: string;
}

/** POST /api/auth/keys → the key, shown this once. */
export interface CreatedApiKey extends ApiKey {
  key: string;
}
