import { IsString, Matches, MaxLength } from 'class-validator';

/** A container by full id, unique id prefix or name (watch_container, logs:follow). */
export class ContainerRefDto {
  @IsString()
  @MaxLength(128)
  @Matches(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, { message: 'id must be a container id or name' })
  id!: string;
}
