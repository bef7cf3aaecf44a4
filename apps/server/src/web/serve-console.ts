import { existsSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import express, { type NextFunction, type Request, type Response } from 'express';

/** The server's own paths: never the console's index.html (auth/: signing in, oidc mode). */
const SERVER_PATHS = /^\/(api|auth|socket\.io|metrics|healthz|readyz)(\/|$)/;
export const SIM_WITHOUT_NGINX =
  "Simulations' web UIs (/sim/<name>/) are reached through simscope's nginx entry point " +
  '(docker compose up; nginx/default.conf), which proxies them on the shared network. This server ' +
  "alone does not: open the simulation's own port instead, or run the compose deployment.\n";
const HASHED_ASSET = /-[0-9A-Z]{8,}\.(js|css|woff2?)$/i;

/**
 * Serves the built console: hashed bundles cached for a year, index.html always revalidated, and
 * client-side routes such as /dashboard/docker answered with index.html. Server paths never are,
 * and never touch the disk (a failed stat per API request cost more than the request itself).
 */
export function serveConsole(app: NestExpressApplication, webRoot: string): boolean {
  const index = join(webRoot, 'index.html');
  if (!existsSync(index)) {
    return false;
  }
  const assets = express.static(webRoot, {
    index: false,
    setHeaders: (res: ServerResponse, path: string) => {
      res.setHeader(
        'Cache-Control',
        HASHED_ASSET.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (SERVER_PATHS.test(req.path)) {
      next();
      return;
    }
    assets(req, res, next);
  });
  // /sim/<name>/ is nginx's (the compose deployment): here it would land on the dashboard with no
  // word of why, so it says so instead.
  app.use('/sim', (_req: Request, res: Response) => {
    res.status(404).type('text/plain').send(SIM_WITHOUT_NGINX);
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' || SERVER_PATHS.test(req.path) || !req.accepts('html')) {
      next();
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return true;
}
