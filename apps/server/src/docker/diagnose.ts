import type { DiagnosisCode, DockerDiagnosis } from '@simscope/contracts';

const REMEDIATION: Record<DiagnosisCode, string> = {
  'socket-missing':
    'No Docker socket at this path. Start Docker, or point DOCKER_HOST at the engine (unix:///path or tcp://host:port); in compose, mount /var/run/docker.sock read-only.',
  'permission-denied':
    "The Docker socket refuses this user. Add simscope's user to the socket's group (usually docker), run it with that group (compose: group_add), or put a read-only socket proxy in front.",
  'daemon-unreachable':
    'The Docker engine did not answer. Check that dockerd is running and, for a tcp DOCKER_HOST, that the host and port are right and reachable from here.',
  'daemon-hung':
    'The Docker engine accepts connections but stopped answering (seen during mass removals). simscope keeps the last known state and retries; if it lasts, check dockerd (its log, `docker ps`) and restart it.',
  'tls-error':
    'The TLS handshake with the engine failed. Check DOCKER_CERT_PATH (ca.pem, cert.pem, key.pem) and that the certificate matches the host name.',
  unknown: 'Docker answered in an unexpected way; see the error for details.',
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
    remediation: REMEDIATION[code],
    error: summariseError(err),
    endpoint,
    dockerHostSet,
    at: at.toISOString(),
  };
}
