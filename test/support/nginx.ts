import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const NGINX = process.env.SIMSCOPE_NGINX ?? '/usr/sbin/nginx';
/** The built console, for the shipped configs' `root`. */
export const CONSOLE_DIST = join(process.cwd(), 'apps', 'web', 'dist', 'browser');

export function nginxMissing(): string | null {
  return existsSync(NGINX) ? null : `no nginx at ${NGINX} (apt-get install nginx)`;
}

/**
 * A shipped config from nginx/ with a few exact strings replaced (addresses, paths); each must occur
 * exactly once, so a change to the shipped file's shape fails the test instead of going untested.
 */
export function renderConfig(file: string, replacements: [string, string][]): string {
  let text = readFileSync(join(process.cwd(), 'nginx', file), 'utf8');
  for (const [from, to] of replacements) {
    const count = text.split(from).length - 1;
    if (count !== 1) {
      throw new Error(`nginx/${file}: expected "${from}" once, found it ${count} times`);
    }
    text = text.replace(from, to);
  }
  return text;
}

/** A private nginx prefix: main config with writable temp paths, including the rendered site. */
function prepare(site: string, main: string[] = []): string {
  const dir = mkdtempSync(join(tmpdir(), 'simscope-nginx-'));
  chmodSync(dir, 0o755);
  writeFileSync(join(dir, 'site.conf'), site);
  writeFileSync(
    join(dir, 'nginx.conf'),
    [
      'worker_processes 1;',
      ...main,
      `error_log ${dir}/error.log warn;`,
      `pid ${dir}/nginx.pid;`,
      'events { worker_connections 512; }',
      'http {',
      '  include /etc/nginx/mime.types;',
      '  default_type application/octet-stream;',
      // Which upstream served each request ('-' when none did): tests read it to prove a request stopped at nginx.
      // Subrequests too (the /sim/ route lookup), with the URI each one served.
      "  log_format simscope_test '$request_method $request_uri uri=$uri $status upstream=$upstream_addr';",
      '  log_subrequest on;',
      `  access_log ${dir}/access.log simscope_test;`,
      ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(
        (t) => `  ${t}_temp_path ${dir}/${t}_temp;`,
      ),
      `  include ${dir}/site.conf;`,
      '}',
    ].join('\n'),
  );
  return dir;
}

/** `nginx -t` on a rendered site: the exit status and what nginx said. */
export function nginxTest(site: string): { ok: boolean; output: string } {
  const dir = prepare(site);
  const r = spawnSync(NGINX, ['-t', '-p', dir, '-c', join(dir, 'nginx.conf')], {
    encoding: 'utf8',
  });
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
}

export interface RunningNginx {
  dir: string;
  /** Lines of the access log so far. */
  accessLog(): string[];
  stop(): Promise<void>;
}

/** Runs nginx in the foreground with a rendered site until stop(); resolves once `port` accepts. */
export async function startNginx(
  site: string,
  port: number,
  main: string[] = [],
): Promise<RunningNginx> {
  const dir = prepare(site, main);
  const child: ChildProcess = spawn(
    NGINX,
    ['-p', dir, '-c', join(dir, 'nginx.conf'), '-g', 'daemon off;'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (b: Buffer) => (stderr += b.toString()));
  const deadline = Date.now() + 10_000;
  while (!(await accepts(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`nginx did not start: ${stderr}${safeRead(join(dir, 'error.log'))}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    dir,
    accessLog: () => safeRead(join(dir, 'access.log')).split('\n').filter(Boolean),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) {
          resolve();
          return;
        }
        child.once('exit', () => resolve());
        child.kill('SIGQUIT');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function safeRead(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
