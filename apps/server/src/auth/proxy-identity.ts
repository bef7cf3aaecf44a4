import type { IncomingHttpHeaders } from 'node:http';
import type { RoleMapping } from '../config/settings.js';
import { roleOf } from './group-roles.js';
import type { Identity } from './identity.js';

/** The request headers an authenticating proxy names the person in (lower-case, as Node keeps them). */
export interface ProxyHeaderNames {
  user: string;
  email: string;
  groups: string;
}

export type ProxyOutcome =
  | { kind: 'absent' }
  | { kind: 'identity'; identity: Identity }
  /** Signed in at the proxy, but in no group that has a role (and no default role is set). */
  | { kind: 'no_role'; name: string; groups: string[] };

/** Longest user name or group list simscope takes from a header. */
const MAX_VALUE = 256;

function single(value: string | string[] | undefined): string {
  const first = Array.isArray(value) ? value[0] : value;
  // Control characters never belong in a name; a proxy would not send them.
  return [...(first ?? '')]
    .filter((c) => c.charCodeAt(0) > 0x1f && c !== '\u007f')
    .join('')
    .trim()
    .slice(0, MAX_VALUE);
}

/**
 * Who an authenticating proxy says is asking. Only called for a request whose peer is a trusted
 * proxy: the caller decides that. The user header names them (the e-mail header when the proxy sends
 * only that); the groups header (comma-separated, as oauth2-proxy and Authelia send it) gives the role.
 */
export function proxyIdentity(
  headers: IncomingHttpHeaders,
  names: ProxyHeaderNames,
  mapping: RoleMapping,
): ProxyOutcome {
  const user = single(headers[names.user]);
  const email = single(headers[names.email]);
  const who = user || email;
  if (!who) {
    return { kind: 'absent' };
  }
  const groups = single(headers[names.groups])
    .split(',')
    .map((g) => g.trim())
    .filter(Boolean);
  const role = roleOf(groups, mapping);
  if (!role) {
    return { kind: 'no_role', name: who, groups };
  }
  return { kind: 'identity', identity: { id: who, name: who, role, via: 'proxy' } };
}
