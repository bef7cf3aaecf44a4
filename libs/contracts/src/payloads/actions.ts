export const ACTION_RESULT_SCHEMA = 'simscope.action.v1';

/** The only things simscope does to a container, and only when actions are switched on. */
export const CONTAINER_ACTIONS = ['start', 'stop', 'restart'] as const;
export type ContainerAction = (typeof CONTAINER_ACTIONS)[number];

/** 202 from POST /api/docker/simulations/:ref/actions. */
export interface ActionResultPayload {
  schema: typeof ACTION_RESULT_SCHEMA;
  action: ContainerAction;
  container: { id: string; name: string; host: string };
  /** `done`, or `already` when Docker said the container already was in that state. */
  result: 'done' | 'already';
  durationMs: number;
  /** The `action` note that records it. */
  noteId: string;
}
