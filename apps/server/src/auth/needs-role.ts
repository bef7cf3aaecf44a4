import { SetMetadata } from '@nestjs/common';
import type { Role } from '@simscope/contracts';

export const NEEDS_ROLE = 'simscope:needs-role';

/** What a route needs: a role, or nobody ('public': probes and what nginx asks before a sim). */
export type RouteAccess = Role | 'public';

/** Every route says what it needs; one that does not is refused (see AuthGuard). */
export const NeedsRole = (access: RouteAccess) => SetMetadata(NEEDS_ROLE, access);
