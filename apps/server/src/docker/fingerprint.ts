import { createHash } from 'node:crypto';
import type { SimulationContainer } from '@simscope/contracts';

type Fingerprinted = Pick<
  SimulationContainer,
  'id' | 'name' | 'phase' | 'health' | 'restartCount' | 'cluster' | 'state'
> & { host?: string };

/**
 * A hash of what the inventory *is*: hosts, ids, names, state, phases, health, restarts and clusters, in id
 * order. Nothing that ticks with time goes in, so two observers of the same state agree.
 */
export function fingerprint(containers: Iterable<Fingerprinted>): string {
  const rows = [...containers]
    .map((c) =>
      [c.host ?? '', c.id, c.name, c.state, c.phase, c.health, c.restartCount, c.cluster].join(
        '\u0000',
      ),
    )
    .sort();
  const hash = createHash('sha256');
  for (const row of rows) {
    hash.update(row).update('\n');
  }
  return hash.digest('hex').slice(0, 32);
}
