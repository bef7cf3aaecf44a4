import { Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { NeedsRole } from './needs-role.js';
import { OidcService, SignInError } from './oidc.service.js';

/** Paths outside /api (the provider sends browsers back to one): bootstrap excludes them from the prefix. */
export const SIGN_IN_PATHS = ['auth/login', 'auth/callback', 'auth/logout'];

/**
 * Signing in with OpenID Connect (oidc mode; 404 otherwise). Pages for a browser, not an API: they
 * redirect, and a refused sign-in gets a short plain-text page that says why and how to retry.
 */
@ApiExcludeController()
@Controller('auth')
export class OidcController {
  constructor(private readonly oidc: OidcService) {}

  @Get('login')
  @NeedsRole('public')
  async login(@Query('rd') returnTo: unknown, @Res() res: Response): Promise<void> {
    await this.answer(res, async () => {
      const { location, cookie } = await this.oidc.begin(returnTo);
      res.setHeader('Set-Cookie', cookie).redirect(302, location);
    });
  }

  @Get('callback')
  @NeedsRole('public')
  async callback(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.answer(res, async () => {
      const at = req.originalUrl.indexOf('?');
      const query = at < 0 ? '' : req.originalUrl.slice(at);
      const { cookies, returnTo } = await this.oidc.finish(query, req.headers.cookie);
      res.setHeader('Set-Cookie', cookies).redirect(302, returnTo);
    });
  }

  /** A link or a form may sign out; both end the session here (not at the provider). */
  @Post('logout')
  @NeedsRole('public')
  logoutByForm(@Req() req: Request, @Res() res: Response): Promise<void> {
    return this.logout(req, res);
  }

  @Get('logout')
  @NeedsRole('public')
  async logout(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.answer(res, () => {
      res.setHeader('Set-Cookie', this.oidc.end(req.headers.cookie)).redirect(302, '/');
      return Promise.resolve();
    });
  }

  private async answer(res: Response, act: () => Promise<void>): Promise<void> {
    if (!this.oidc.enabled) {
      res.status(404).type('text/plain').send('Not found\n');
      return;
    }
    try {
      await act();
    } catch (err) {
      const status = err instanceof SignInError ? err.status : 500;
      const why = err instanceof Error ? err.message : String(err);
      res.status(status).type('text/plain').send(`${why}\n\nSign in again: /auth/login\n`);
    }
  }
}
