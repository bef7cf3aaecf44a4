import { IsIn } from 'class-validator';
import { ROLES, type Role } from '../auth.js';
import { RequiredText } from './fields.js';

/** POST /api/auth/keys */
export class CreateKeyDto {
  /** Who or what the key is for (shown in listings and as the author of what it writes). */
  @RequiredText(64)
  name!: string;

  @IsIn(ROLES, { message: `role must be one of: ${ROLES.join(', ')}` })
  role!: Role;
}
