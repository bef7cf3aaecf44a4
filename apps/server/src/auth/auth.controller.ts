import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  Post,
  Req,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CreateKeyDto,
  type ApiKey,
  type AuthConfig,
  type CreatedApiKey,
  type Me,
} from '@simscope/contracts';
import type { Request } from 'express';
import { AuthService } from './auth.service.js';
import { identityOf } from './identity.js';
import { NeedsRole } from './needs-role.js';

@ApiTags('auth')
@ApiBearerAuth()
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Get('config')
  @NeedsRole('public')
  @ApiOperation({ summary: 'How this server identifies people, and where a browser signs in' })
  config(): AuthConfig {
    const oidc = this.auth.mode === 'oidc';
    return {
      mode: this.auth.mode,
      signIn: oidc ? '/auth/login' : null,
      signOut: oidc ? '/auth/logout' : null,
    };
  }

  @Get('me')
  @NeedsRole('viewer')
  @ApiOperation({ summary: 'Who you are, your role, and how simscope knows' })
  me(@Req() req: Request): Me {
    const id = identityOf(req);
    return {
      user: id.via === 'none' ? null : { id: id.id, name: id.name },
      role: id.role,
      via: id.via,
    };
  }

  @Get('keys')
  @NeedsRole('admin')
  @ApiOperation({ summary: 'API keys (never their secrets)' })
  keys(): ApiKey[] {
    return this.auth.list();
  }

  @Post('keys')
  @NeedsRole('admin')
  @ApiOperation({ summary: 'Create a key with a role; its secret is in this answer only' })
  create(@Body() dto: CreateKeyDto): Promise<CreatedApiKey> {
    return this.auth.create(dto.name, dto.role);
  }

  @Delete('keys/:id')
  @NeedsRole('admin')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke a key at once (its open live connections close)' })
  async revoke(@Param('id') id: string): Promise<void> {
    if (!(await this.auth.revoke(id))) {
      throw new NotFoundException(`No key '${id}'`);
    }
  }
}
