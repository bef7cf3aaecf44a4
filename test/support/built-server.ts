import { join } from 'node:path';

/**
 * The environment for running the built server (apps/server/dist/main.js) in a child process on
 * loopback, with its own data directory and no Docker (a socket path that does not exist) unless
 * `extra` says otherwise. Shared by the tests and benchmarks that spawn it.
 */
export function builtServerEnv(
  port: number,
  dataDir: string,
  extra: NodeJS.ProcessEnv = {},
): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    PORT: String(port),
    HOST: '127.0.0.1',
    DOCKER_HOST: `unix://${join(dataDir, 'no-docker.sock')}`,
    SIMSCOPE_DATA_DIR: dataDir,
    LOG_LEVEL: 'error',
    LOG_FORMAT: 'json',
    ...extra,
  };
}
