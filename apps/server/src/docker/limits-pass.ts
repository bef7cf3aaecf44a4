import { DockerPort } from '../adapters/docker/docker.port.js';
import { forEachLimit } from '../common/for-each-limit.js';
import type { InventoryWriter } from './inventory-writer.js';
import { matchSimulation, type MatchRules } from './match.js';
import { toSimulation, type BuildRules } from './to-simulation.js';

/** Background inspects for limits: few at a time, so they never crowd out event-driven ones. */
const LIMITS_CONCURRENCY = 2;

export interface LimitsPassDeps {
  docker: DockerPort;
  writer: InventoryWriter;
  match: MatchRules;
  build: BuildRules;
  stopped(): boolean;
}

/**
 * Resource limits come only from inspect, which the list-only path skips; so each such container is
 * inspected once, in the background and a few at a time, after the inventory is already served. An
 * entry that changed meanwhile (an event brought details, or a new state) is left alone.
 */
export async function fillLimits(deps: LimitsPassDeps): Promise<void> {
  const { docker, writer, match, build } = deps;
  const inventory = writer.inventory;
  const missing = [...inventory.values()].filter((e) => !e.details).map((e) => e.container.id);
  await forEachLimit(missing, LIMITS_CONCURRENCY, async (id) => {
    if (deps.stopped() || inventory.get(id)?.details) {
      return;
    }
    const details = await docker.inspectContainer(id).catch(() => null);
    const entry = inventory.get(id);
    if (!details || !entry || entry.details || details.state.status !== entry.container.state) {
      return;
    }
    const by = matchSimulation(details.name, details.labels, match);
    if (!by) {
      return;
    }
    const built = toSimulation({ details }, by, inventory.history(id), build, Date.now());
    // Same state as listed: keep Docker's own status wording ("Up 5 minutes").
    const container = { ...built, status: entry.container.status };
    writer.write([
      {
        container,
        details,
        listSignature: entry.listSignature,
        action: 'observed',
        at: Date.now(),
      },
    ]);
  });
}
