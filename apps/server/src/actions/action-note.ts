import type { ContainerAction, CreateNoteDto, SimulationContainer } from '@simscope/contracts';

/** How an action ended: done (or already so), refused by policy, or failed at Docker. */
export type ActionEnd =
  | { kind: 'done'; result: 'done' | 'already'; durationMs: number }
  | { kind: 'refused'; reason: string }
  | { kind: 'failed'; error: string; durationMs: number };

type Row = Pick<SimulationContainer, 'id' | 'name' | 'host' | 'cluster' | 'experiment'>;

/**
 * The `action` note that records one action: what, on which container, and how it ended (the
 * author — who — is the caller's identity, added by the meta service). Pure.
 */
export function actionNote(action: ContainerAction, row: Row, end: ActionEnd): CreateNoteDto {
  const outcome =
    end.kind === 'done'
      ? end.result === 'already'
        ? `already ${action === 'start' ? 'running' : action === 'stop' ? 'stopped' : 'restarted'}`
        : 'done'
      : end.kind;
  const seconds = 'durationMs' in end ? ` in ${(end.durationMs / 1000).toFixed(1)} s` : '';
  return {
    category: 'action',
    severity: end.kind === 'done' ? 'info' : end.kind === 'refused' ? 'watch' : 'warning',
    title: `${action} ${row.name}: ${outcome}${seconds}`.slice(0, 160),
    text:
      end.kind === 'done'
        ? `${action} of ${row.name} on ${row.host}: ${outcome}${seconds}.`
        : end.kind === 'refused'
          ? `Refused: ${end.reason}.`
          : `Docker answered: ${end.error}`,
    tags: ['action', action, end.kind],
    targets: [
      { kind: 'container', id: row.id },
      { kind: 'cluster', id: row.cluster },
      ...(row.experiment ? [{ kind: 'experiment' as const, id: row.experiment }] : []),
    ],
    context: {
      action,
      container: row.name,
      host: row.host,
      result: end.kind === 'done' ? end.result : end.kind,
      ...('durationMs' in end ? { durationMs: Math.round(end.durationMs) } : {}),
    },
  };
}
