import { IsIn } from 'class-validator';
import { CONTAINER_ACTIONS, type ContainerAction } from '../payloads/actions.js';

/** POST /api/docker/simulations/:ref/actions. */
export class ContainerActionDto {
  @IsIn(CONTAINER_ACTIONS, { message: `action must be one of: ${CONTAINER_ACTIONS.join(', ')}` })
  action!: ContainerAction;
}
