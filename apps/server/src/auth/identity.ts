import type { Author, AuthVia, Role } from '@simscope/contracts';
import type { Request } from 'express';

/** Who is asking, as the request or socket established it. */
export interface Identity {
  /** The key's id (or `bootstrap`, or `anonymous` with no identities). */
  id: string;
  name: string;
  role: Role;
  via: AuthVia;
}

export const ANONYMOUS: Identity = {
  id: 'anonymous',
  name: 'anonymous',
  role: 'admin',
  via: 'none',
};

const IDENTITY = Symbol('simscope.identity');

export function setIdentity(req: Request, identity: Identity): void {
  (req as unknown as Record<symbol, Identity>)[IDENTITY] = identity;
}

/** The request's identity (anonymous when the auth mode has none). */
export function identityOf(req: Request): Identity {
  return (req as unknown as Record<symbol, Identity | undefined>)[IDENTITY] ?? ANONYMOUS;
}

/** The author a record gets: none in `none` mode (nobody in particular wrote it). */
export function authorOf(identity: Identity): Author | undefined {
  return identity.via === 'none'
    ? undefined
    : { id: identity.id, name: identity.name, via: identity.via };
}
