import { ROLES, type Role } from '@simscope/contracts';
import type { RoleMapping } from '../config/settings.js';

/** The highest role any of `groups` gives, else the default role (null: refused). */
export function roleOf(groups: readonly string[], mapping: RoleMapping): Role | null {
  const held = new Set(groups);
  const granted = mapping.roleGroups.filter((rg) => held.has(rg.group)).map((rg) => rg.role);
  return granted.length
    ? ROLES[Math.max(...granted.map((r) => ROLES.indexOf(r)))]
    : mapping.defaultRole;
}

/**
 * A groups claim as providers send it: a list (Keycloak, Authentik, Dex), or one string separated by
 * commas or spaces (some send `roles` that way). Anything else counts as no groups.
 */
export function groupsOfClaim(value: unknown): string[] {
  const items = Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string')
    : typeof value === 'string'
      ? value.split(/[,\s]+/)
      : [];
  return items.map((g) => g.trim()).filter(Boolean);
}
