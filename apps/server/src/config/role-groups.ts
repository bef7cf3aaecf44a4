import { ROLES, type Role } from '@simscope/contracts';

/** `role:group` pairs: a member of `group` has `role` (the highest of their groups wins). */
export type RoleGroups = readonly { role: Role; group: string }[];

/** `admin:ops-admins,operator:sim-team` → pairs; throws naming an entry that is not `role:group`. */
export function parseRoleGroups(entries: readonly string[]): RoleGroups {
  return entries.map((entry) => {
    const at = entry.indexOf(':');
    const role = entry.slice(0, at).trim();
    const group = entry.slice(at + 1).trim();
    if (at < 0 || !group || !(ROLES as readonly string[]).includes(role)) {
      throw new Error(`'${entry}' is not role:group with a role of ${ROLES.join(', ')}`);
    }
    return { role: role as Role, group };
  });
}
