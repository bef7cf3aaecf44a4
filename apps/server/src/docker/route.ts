import { ROUTE_NAME_PATTERN, type SimulationRoute } from '@simscope/contracts';

export interface RouteInput {
  name: string;
  labels: Record<string, string>;
  networks: readonly string[];
  labelPrefix: string;
  network: string;
  /** False when nothing in front of this server serves `/sim/` (`npm start` without nginx). */
  proxied: boolean;
}

/** Why there is no route under `npm start`: the server alone does not proxy sims. */
export const NOT_PROXIED =
  "reached through simscope's nginx (the compose deployment), which is not in front of this server";

const TARGET_PATH = /^\/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*$/;

/**
 * The `/sim/<name>/` route for a simulation that declares its web port (`<prefix>.port`, optional
 * `<prefix>.path`) and sits on the shared network nginx can reach; otherwise why there is none.
 */
export function routeFor(input: RouteInput): SimulationRoute {
  const p = input.labelPrefix;
  const rawPort = input.labels[`${p}.port`]?.trim();
  if (!rawPort) {
    return { path: null, reason: `no ${p}.port label` };
  }
  const port = /^\d{1,5}$/.test(rawPort) ? Number(rawPort) : NaN;
  if (!(port >= 1 && port <= 65535)) {
    return { path: null, reason: `${p}.port "${rawPort}" is not a port number` };
  }
  if (!ROUTE_NAME_PATTERN.test(input.name)) {
    return { path: null, reason: `the name "${input.name}" cannot be routed` };
  }
  const rawPath = input.labels[`${p}.path`]?.trim() || '/';
  if (!TARGET_PATH.test(rawPath) || rawPath.includes('..')) {
    return { path: null, reason: `${p}.path "${rawPath}" is not a plain absolute path` };
  }
  if (!input.proxied) {
    return { path: null, reason: NOT_PROXIED };
  }
  if (!input.networks.includes(input.network)) {
    return { path: null, reason: `not on ${input.network}, where the proxy reaches simulations` };
  }
  const targetPath = rawPath.endsWith('/') ? rawPath : `${rawPath}/`;
  const cookies = input.labels[`${p}.cookies`]?.trim().toLowerCase() === 'true';
  return { path: `/sim/${input.name}/`, port, targetPath, cookies };
}
