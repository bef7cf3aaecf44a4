import { createHash } from 'node:crypto';
import type { Run, RunStatus, SimulationContainer } from '@simscope/contracts';

const OPEN: readonly RunStatus[] = ['planned', 'running'];

/**
 * The runs a container is bound to: the run its `<prefix>.run` label names (by id or legacy id),
 * and every open run whose targets name the container (id or name), its experiment or its cluster.
 * Pure.
 */
export function runsOf(
  row: SimulationContainer,
  runs: Iterable<Run>,
  runLabel: string,
  findRun: (ref: string) => Run | undefined,
): string[] {
  const out = new Set<string>();
  const labelled = row.labels[runLabel]?.trim();
  if (labelled) {
    const run = findRun(labelled);
    if (run) {
      out.add(run.id);
    }
  }
  for (const run of runs) {
    if (OPEN.includes(run.status) && run.targets.some((t) => names(row, t.kind, t.id))) {
      out.add(run.id);
    }
  }
  return [...out];
}

function names(row: SimulationContainer, kind: string, id: string): boolean {
  switch (kind) {
    case 'container':
      return id === row.id || id === row.name || (id.length >= 12 && row.id.startsWith(id));
    case 'experiment':
      return row.experiment !== null && id === row.experiment;
    case 'cluster':
      return id === row.cluster;
    default:
      return false;
  }
}

/** Why a stopped container failed, or null when it exited 0. Pure. */
export function failureOf(row: SimulationContainer): string | null {
  if (row.phase === 'crashloop') {
    return 'crash-looping';
  }
  if (row.oomKilled || row.phase === 'oom-killed') {
    return 'OOM-killed';
  }
  if (row.exitCode === 137) {
    return 'killed (SIGKILL)';
  }
  if (row.exitCode !== null && row.exitCode !== 0) {
    return `exited with code ${row.exitCode}`;
  }
  return null;
}

const isUp = (row: SimulationContainer): boolean =>
  row.state === 'running' || row.state === 'restarting' || row.state === 'paused';
const hasRun = (row: SimulationContainer): boolean => row.startedAt !== null || row.state !== 'created';

export interface RunStep {
  status: RunStatus;
  note: string;
}

/**
 * The status changes a run's bound containers call for, in order (empty: none). A container that
 * starts makes a planned run `running`; once every bound container that ever started has stopped,
 * the run ends: `failed` when one crash-loops, was OOM-killed, killed or exited non-zero (with why),
 * else `completed`. A crash loop fails the run even while Docker restarts the container. Pure.
 */
export function runSteps(status: RunStatus, rows: readonly SimulationContainer[]): RunStep[] {
  if (!OPEN.includes(status)) {
    return [];
  }
  const started = rows.filter(hasRun);
  if (started.length === 0) {
    return [];
  }
  const steps: RunStep[] = [];
  if (status === 'planned') {
    const first = started.find(isUp) ?? started[0];
    steps.push({ status: 'running', note: `${first.name} started` });
  }
  const looping = started.filter((r) => r.phase === 'crashloop');
  if (looping.length > 0) {
    steps.push({ status: 'failed', note: looping.map((r) => `${r.name} crash-looping`).join('; ') });
    return steps;
  }
  if (started.some(isUp)) {
    return steps;
  }
  const failures = started
    .map((r) => [r, failureOf(r)] as const)
    .filter(([, why]) => why !== null)
    .map(([r, why]) => `${r.name} ${why}`);
  steps.push(
    failures.length > 0
      ? { status: 'failed', note: failures.join('; ') }
      : {
          status: 'completed',
          note:
            started.length === 1
              ? `${started[0].name} exited 0`
              : `all ${started.length} containers exited 0`,
        },
  );
  return steps;
}

/** sha256 of labels, keys sorted (the stamp's labels hash). Pure. */
export function labelsHash(labels: Record<string, string>): string {
  const sorted = Object.keys(labels)
    .sort()
    .map((k) => [k, labels[k]]);
  return `sha256:${createHash('sha256').update(JSON.stringify(sorted)).digest('hex')}`;
}
