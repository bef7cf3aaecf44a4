import { roleAllows, type ContainerAction, type SimulationContainer } from '@simscope/contracts';
import type { Identity } from '../auth/identity.js';

/** What simscope knows about itself, to never act on its own containers. */
export interface Self {
  /** This server's own container id, when it runs in one (from /proc/self/mountinfo). */
  containerId: string | null;
  /** The label prefix: `<prefix>.component` marks simscope's containers, `<prefix>.protected` others. */
  prefix: string;
}

type Row = Pick<SimulationContainer, 'id' | 'name' | 'labels' | 'composeProject'>;

/**
 * Why an action on this container is refused, or null when it may go ahead. In order: the caller's
 * role (admin), simscope's own containers (its compose services are labelled `<prefix>.component`,
 * its own container is found by id, and the rest of its compose project with it), then containers
 * labelled `<prefix>.protected=true`. Pure.
 */
export function refusal(
  action: ContainerAction,
  row: Row,
  who: Identity,
  self: Self,
  rows: Iterable<Row>,
): string | null {
  if (!roleAllows(who.role, 'admin')) {
    return `${action} needs the admin role; ${who.name} is ${who.role}`;
  }
  const component = row.labels[`${self.prefix}.component`];
  if (component !== undefined || row.id === self.containerId) {
    return `${row.name} is simscope's own container${component ? ` (${component})` : ''}: simscope never acts on itself`;
  }
  const project = row.composeProject && ownProject(self, rows);
  if (project && row.composeProject === project) {
    return `${row.name} is in simscope's own compose project (${project}): simscope never acts on itself`;
  }
  if (row.labels[`${self.prefix}.protected`]?.trim().toLowerCase() === 'true') {
    return `${row.name} is labelled ${self.prefix}.protected=true`;
  }
  return null;
}

function ownProject(self: Self, rows: Iterable<Row>): string | null {
  if (!self.containerId) {
    return null;
  }
  for (const r of rows) {
    if (r.id === self.containerId) {
      return r.composeProject;
    }
  }
  return null;
}

/**
 * This process's container id, from /proc/self/mountinfo: Docker bind-mounts the container's own
 * `hostname`, `hosts` and `resolv.conf` from `…/containers/<id>/`. Null outside a container. Pure.
 */
export function containerIdFromMountinfo(mountinfo: string): string | null {
  const m = /\/containers\/([0-9a-f]{64})\/(?:hostname|hosts|resolv\.conf)\b/.exec(mountinfo);
  return m?.[1] ?? null;
}
