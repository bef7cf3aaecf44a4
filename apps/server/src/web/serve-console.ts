import { existsSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import express, { type NextFunction, type Request, type Response } from 'express';

const SERVER_PATHS = /^\/(api|socket\.io|metrics|healthz|readyz)(\/|$)/;
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
