import { ArrayMaxSize, IsArray, IsOptional, IsString, MaxLength } from 'class-validator';

/** The `subscribe` socket message. */
export class SubscribeDto {
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  clusters?: string[];

  /** Only these engines' containers (SIMSCOPE_DOCKER_ENDPOINTS names). */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(32, { each: true })
  hosts?: string[];
}
