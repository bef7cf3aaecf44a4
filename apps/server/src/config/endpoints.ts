/** One Docker engine simscope watches. */
export interface EngineEndpoint {
  /** Short name shown as every container's `host`, e.g. `local`, `gpu1`. */
  name: string;
  /** unix:///path, tcp://host:port or ssh://[user@]host[:port], without options. */
  url: string;
  /** A DOCKER_CERT_PATH-style directory (ca.pem, cert.pem, key.pem). */
  certPath?: string;
  /** TLS for tcp: on with certificates (or tls=true), verified unless verify=false. */
  tls: boolean;
  tlsVerify: boolean;
  /**
   * `swarm` (`?mode=swarm`): a Swarm manager, read for its nodes, services and tasks across every
   * node; `engine` (default): the engine's own containers. Chosen, not detected: pointing simscope at
   * a manager never changes what it shows until the operator says so.
   */
  mode: 'engine' | 'swarm';
}

export interface SingleEngine {
  dockerHost?: string;
  certPath?: string;
  tlsVerify: boolean;
}

const NAME = /^[a-z0-9][a-z0-9_-]{0,31}$/;
const URL_FORM =
  /^(unix:\/\/\/\S+|tcp:\/\/[^/:?\s]+(:\d{1,5})?\/?|ssh:\/\/([^@/\s]+@)?[^/:?\s]+(:\d{1,5})?\/?)$/;
const SHAPE =
  'name=unix:///path, name=tcp://host:port[?certs=<dir>&verify=false] or name=ssh://user@host (each may add ?mode=swarm)';

/**
 * SIMSCOPE_DOCKER_ENDPOINTS, e.g. `local=unix:///var/run/docker.sock,gpu1=tcp://gpu1:2376?certs=/etc/simscope/gpu1`.
 * Unset: the single engine of DOCKER_HOST (or the local socket), named `local`. Throws naming the bad entry.
 */
export function parseEndpoints(value: string | undefined, single: SingleEngine): EngineEndpoint[] {
  if (!value?.trim()) {
    const url = single.dockerHost ?? 'unix:///var/run/docker.sock';
    const tls = url.startsWith('tcp://') && (Boolean(single.certPath) || single.tlsVerify);
    return [{ name: 'local', url, certPath: single.certPath, tls, tlsVerify: tls, mode: 'engine' }];
  }
  const entries = value
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  const seen = new Set<string>();
  return entries.map((entry, i) => {
    const bad = (why: string) =>
      new Error(`SIMSCOPE_DOCKER_ENDPOINTS entry ${i + 1} ("${entry}") ${why}`);
    const eq = entry.indexOf('=');
    if (eq <= 0) {
      throw bad(`must be ${SHAPE}`);
    }
    const name = entry.slice(0, eq).trim();
    const [url = '', query = ''] = entry
      .slice(eq + 1)
      .trim()
      .split('?', 2);
    if (!NAME.test(name)) {
      throw bad('has a bad name: lowercase letters, digits, - and _, at most 32');
    }
    if (seen.has(name)) {
      throw bad(`repeats the name ${name}`);
    }
    seen.add(name);
    if (!URL_FORM.test(url)) {
      throw bad(`must be ${SHAPE}`);
    }
    const options = new URLSearchParams(query);
    for (const key of options.keys()) {
      if (!['certs', 'tls', 'verify', 'mode'].includes(key)) {
        throw bad(`has an unknown option ${key} (certs, tls, verify, mode)`);
      }
    }
    const flag = (key: string, fallback: boolean): boolean => {
      const v = options.get(key);
      if (v === null) {
        return fallback;
      }
      if (v !== 'true' && v !== 'false') {
        throw bad(`has ${key}=${v}: true or false`);
      }
      return v === 'true';
    };
    const certPath = options.get('certs') ?? undefined;
    const isTcp = url.startsWith('tcp://');
    if ((certPath || options.has('tls')) && !isTcp) {
      throw bad('has TLS options, which only tcp:// engines take');
    }
    const tls = isTcp && flag('tls', Boolean(certPath));
    const verify = flag('verify', true);
    const mode = options.get('mode') ?? 'engine';
    if (mode !== 'engine' && mode !== 'swarm') {
      throw bad(`has mode=${mode}: engine or swarm`);
    }
    return { name, url, certPath, tls, tlsVerify: tls && verify, mode };
  });
}
