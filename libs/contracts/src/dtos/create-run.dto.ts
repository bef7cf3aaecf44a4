import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';

import { META_LIMITS, RUN_TYPES, type RunStatus, type RunType } from '../meta.js';
import { Alias } from './aliases.js';
import {
  Metrics,
  OptionalRunStatus,
  OptionalText,
  StringList,
  Targets,
  RequiredText,
} from './fields.js';
import { TargetDto } from './target.dto.js';

export class CreateRunDto {
  @Alias('run_type')
  @IsIn(RUN_TYPES, { message: `type must be one of: ${RUN_TYPES.join(', ')}` })
  type!: RunType;

  @RequiredText(META_LIMITS.title)
  title!: string;

  @OptionalText(META_LIMITS.owner)
  owner?: string;

  @IsOptional()
  @IsString()
  @MaxLength(META_LIMITS.objective)
  objective?: string;

  @Alias('model_ref')
  @IsOptional()
  @IsString()
  @MaxLength(META_LIMITS.ref)
  model?: string;

  @Alias('dataset_ref')
  @IsOptional()
  @IsString()
  @MaxLength(META_LIMITS.ref)
  dataset?: string;

  /** Free text about the run (the original's `notes`). */
  @Alias('notes')
  @OptionalText(META_LIMITS.text)
  description?: string;

  @StringList(META_LIMITS.refs, META_LIMITS.ref)
  links?: string[];

  @StringList()
  tags?: string[];

  @Targets()
  targets?: TargetDto[];

  /**
   * Where the run starts: `planned` (the default), or a status reached from it along the allowed
   * transitions (`running`, `cancelled`; `completed`/`failed` pass through `running`), recorded as
   * transition events after the creation.
   */
  @OptionalRunStatus()
  status?: RunStatus;

  /** Initial metric values, recorded with the first event. */
  @Metrics()
  metrics?: Record<string, number>;
}
