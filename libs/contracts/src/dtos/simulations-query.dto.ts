import { IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { QueryFlag } from './fields.js';
import { PHASES, type Phase } from '../phases.js';

/** Filters for GET /api/docker/simulations. */
export class SimulationsQueryDto {
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cluster?: string;

  @IsOptional()
  @IsIn(PHASES, { message: `phase must be one of: ${PHASES.join(', ')}` })
  phase?: Phase;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  experiment?: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  /** One engine (a SIMSCOPE_DOCKER_ENDPOINTS name). */
  @IsOptional()
  @IsString()
  @MaxLength(32)
  host?: string;

  /** Reconcile with Docker before answering (the original dashboard's refresh; rate-limited). */
  @QueryFlag()
  @IsOptional()
  @IsBoolean({ message: 'refresh must be true or false' })
  refresh?: boolean;
}
