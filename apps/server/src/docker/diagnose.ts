import type { DiagnosisCode, DockerDiagnosis } from '@simscope/contracts';

/** What to do, for an engine reached over its socket (unix://) or over the network (tcp://). */
const REMEDIATION: Record<DiagnosisCode, { socket: string; network: string }> = {
  'socket-missing': {
    socket:
      'No Docker socket at this path. Start Docker, or point DOCKER_HOST at the engine (unix:///path or tcp://host:port).',
    network: 'No such socket. Point DOCKER_HOST at the engine (unix:///path or tcp://host:port).',
  },
  'permission-denied': {
    socket:
      "The Docker socket refuses this user. Add simscope's user to the socket's group (usually docker) or run it with that group; better, put the read-only allowlist proxy (nginx/docker-api-proxy.conf, the compose file's docker-api service) in front and set DOCKER_HOST to it.",
    network:
      'The engine refused the request. If DOCKER_HOST is the allowlist proxy (the compose deployment: tcp://docker-api:2375), check that the proxy can read /var/run/docker.sock.',
  },
  'daemon-unreachable': {
    socket: 'The Docker engine did not answer on its socket. Check that dockerd is running.',
    network:
      'Nothing answered at DOCKER_HOST. In the compose deployment that is the docker-api allowlist proxy: check that service (`docker compose ps`) and that dockerd runs; otherwise check the host, the port and the network between.',
  },
  'daemon-hung': {
    socket:
      'The Docker engine accepts connections but stopped answering (seen during mass removals). simscope keeps the last known state and retries; if it lasts, check dockerd (its log, `docker ps`) and restart it.',
    network:
      'The engine (or the proxy in front of it) accepts connections but stopped answering. simscope keeps the last known state and retries; if it lasts, check dockerd (its log, `docker ps`) and restart it.',
  },
  'tls-error': {
    socket:
      'The TLS handshake with the engine failed. Check DOCKER_CERT_PATH (ca.pem, cert.pem, key.pem).',
    network:
      'The TLS handshake with the engine failed. Check DOCKER_CERT_PATH (ca.pem, cert.pem, key.pem) and that the certificate matches the host name.',
  },
  unknown: {
    socket: 'Docker answered in an unexpected way; see the error for details.',
    network: 'Docker answered in an unexpected way; see the error for details.',
  },
};

const TLS_CODES = /^(ERR_TLS|ERR_SSL|CERT_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|EPROTO$)/;
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNRESET',
  'EPIPE',
  'ESOCKETTIMEDOUT',
]);

interface ErrorLike {
  code?: unknown;
  errno?: unknown;
  message?: unknown;
  statusCode?: unknown;
}

/** Classifies why a Docker call failed. Pure: the caller supplies endpoint and time. */
export function classifyDockerError(err: unknown): DiagnosisCode {
  const e = (err ?? {}) as ErrorLike;
  const code = typeof e.code === 'string' ? e.code : '';
  const message = typeof e.message === 'string' ? e.message : String(err);
  if (code === 'ENOENT') {
    return 'socket-missing';
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return 'permission-denied';
  }
  if (code === 'EDEADLINE') {
    return 'daemon-hung';
  }
  if (TLS_CODES.test(code) || /\b(ssl|tls|certificate)\b/i.test(message)) {
    return 'tls-error';
  }
  if (UNREACHABLE_CODES.has(code) || /timeout|timed out|socket hang up/i.test(message)) {
    return 'daemon-unreachable';
  }
  return 'unknown';
}

export function summariseError(err: unknown): string {
  const e = (err ?? {}) as ErrorLike;
  const code = typeof e.code === 'string' ? `${e.code}: ` : '';
  const message = typeof e.message === 'string' ? e.message : String(err);
  return `${code}${message}`.slice(0, 300);
}

export function diagnose(
  err: unknown,
  endpoint: string,
  dockerHostSet: boolean,
  at: Date,
): DockerDiagnosis {
  const code = classifyDockerError(err);
  return {
    code,
    remediation: REMEDIATION[code][endpoint.startsWith('unix:') ? 'socket' : 'network'],
    error: summariseError(err),
    endpoint,
    dockerHostSet,
    at: at.toISOString(),
  };
}
