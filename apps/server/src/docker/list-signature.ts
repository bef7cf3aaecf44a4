import type { ContainerListItem } from '../adapters/docker/docker.types.js';
import { healthFromStatus } from './classify.js';
import { exitCodeFromStatus } from './to-simulation.js';

/** What the list says that matters; "Up 5 minutes" → "Up" so time alone changes nothing. */
export function listSignature(item: ContainerListItem): string {
  return [
    item.state,
    healthFromStatus(item.status),
    exitCodeFromStatus(item.status) ?? '',
    item.name,
    [...item.networks].sort().join(','),
  ].join('|');
}

/** Running without a failing or starting healthcheck: the list describes it well enough. */
export function needsInspect(item: ContainerListItem): boolean {
  return !(item.state === 'running' && ['none', 'healthy'].includes(healthFromStatus(item.status)));
}
