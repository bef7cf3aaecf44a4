import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import { NEEDS_ROLE } from './needs-role.js';

const SRC = new URL('..', import.meta.url).pathname;

/** Every controller file under src/, found by name: a new controller is in the table without asking. */
function controllerFiles(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? controllerFiles(join(dir, e.name))
      : e.name.endsWith('.controller.ts')
        ? [join(dir, e.name)]
        : [],
  );
}

async function routes(): Promise<Record<string, string>> {
  const table: Record<string, string> = {};
  for (const file of controllerFiles()) {
    const mod = (await import(file)) as Record<string, unknown>;
    for (const ctrl of Object.values(mod).filter((v) => typeof v === 'function')) {
      const base = Reflect.getMetadata(PATH_METADATA, ctrl) as string | undefined;
      if (base === undefined) {
        continue;
      }
      const proto = (ctrl as { prototype: Record<string, unknown> }).prototype;
      for (const name of Object.getOwnPropertyNames(proto).filter((n) => n !== 'constructor')) {
        const handler = proto[name];
        if (typeof handler !== 'function') {
          continue;
        }
        const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
        if (path === undefined) {
          continue;
        }
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
        const role = (Reflect.getMetadata(NEEDS_ROLE, handler) as string | undefined) ?? 'NONE';
        table[`${method} /${[base, path].filter((p) => p && p !== '/').join('/')}`] = role;
      }
    }
  }
  return table;
}

describe('every route declares who may use it', () => {
  it('matches the role table (a new route, or one without a role, fails here)', async () => {
    expect(await routes()).toEqual({
      'GET /docker/status': 'viewer',
      'GET /docker/simulations': 'viewer',
      'GET /docker/simulations/:id': 'viewer',
      // nginx's lookup before a sim's UI: says only whether a name has a route.
      'GET /docker/routes/:name': 'public',
      'POST /docker/reconcile': 'operator',
      // Logs may hold secrets: operators.
      'GET /docker/simulations/:id/logs': 'operator',
      'GET /docker/simulations/:id/events': 'viewer',
      'GET /docker/usage': 'viewer',
      'GET /runtime/health': 'viewer',
      'GET /stacks': 'viewer',
      'GET /stacks/:name': 'viewer',
      // Reachable by viewers so that a refusal is recorded; the actions policy needs admin.
      'POST /docker/simulations/:ref/actions': 'viewer',
      'GET /healthz': 'public',
      'GET /readyz': 'public',
      'GET /metrics': 'public',
      'GET /meta/notes': 'viewer',
      'POST /meta/notes': 'operator',
      'GET /meta/runs': 'viewer',
      'GET /meta/runs/:id': 'viewer',
      'POST /meta/runs': 'operator',
      'POST /meta/runs/:id/events': 'operator',
      'GET /meta/objectives': 'viewer',
      'POST /meta/objective/enqueue': 'operator',
      'POST /meta/objectives/:id/transition': 'operator',
      'GET /meta/overview': 'viewer',
      'GET /auth/config': 'public',
      'GET /auth/login': 'public',
      'GET /auth/callback': 'public',
      'GET /auth/logout': 'public',
      'POST /auth/logout': 'public',
      'GET /auth/me': 'viewer',
      'GET /auth/keys': 'admin',
      'POST /auth/keys': 'admin',
      'DELETE /auth/keys/:id': 'admin',
    });
  });
});
