import { classifyDockerError, diagnose } from './diagnose.js';

function sysError(code: string, message = `connect ${code} /var/run/docker.sock`): Error {
  return Object.assign(new Error(message), { code });
}

describe('classifyDockerError', () => {
  it.each([
    ['no socket file', 'socket-missing', sysError('ENOENT')],
    ['socket not readable', 'permission-denied', sysError('EACCES')],
    ['operation not permitted', 'permission-denied', sysError('EPERM')],
    ['refused', 'daemon-unreachable', sysError('ECONNREFUSED')],
    ['tcp timeout', 'daemon-unreachable', sysError('ETIMEDOUT')],
    ['dns', 'daemon-unreachable', sysError('ENOTFOUND', 'getaddrinfo ENOTFOUND gpu1')],
    [
      'a call past its deadline (a hung engine)',
      'daemon-hung',
      sysError('EDEADLINE', 'Docker did not answer GET /containers/json within 5000 ms'),
    ],
    ['modem timeout without code', 'daemon-unreachable', new Error('Timeout of 10000 ms exceeded')],
    ['hang up', 'daemon-unreachable', new Error('socket hang up')],
    [
      'self-signed cert',
      'tls-error',
      sysError('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate'),
    ],
    ['tls alert', 'tls-error', sysError('ERR_SSL_TLSV1_ALERT_UNKNOWN_CA', 'alert')],
    [
      'server said 500',
      'unknown',
      Object.assign(new Error('(HTTP code 500) server error'), { statusCode: 500 }),
    ],
    ['not an error at all', 'unknown', 'weird'],
    ['null', 'unknown', null],
  ])('%s → %s', (_name, expected, err) => {
    expect(classifyDockerError(err)).toBe(expected);
  });
});

describe('diagnose', () => {
  it('names the endpoint, whether DOCKER_HOST is set, and a remediation', () => {
    const sut = diagnose(sysError('EACCES'), 'unix:///var/run/docker.sock', false, new Date(0));
    expect(sut).toEqual({
      code: 'permission-denied',
      remediation: expect.stringContaining('group') as string,
      error: 'EACCES: connect EACCES /var/run/docker.sock',
      endpoint: 'unix:///var/run/docker.sock',
      dockerHostSet: false,
      at: '1970-01-01T00:00:00.000Z',
    });
  });

  it.each([
    ['the socket is missing', 'ENOENT', 'unix:///var/run/docker.sock', /Start Docker/, /mount/],
    [
      'the socket refuses',
      'EACCES',
      'unix:///var/run/docker.sock',
      /allowlist proxy/,
      /read-only socket/,
    ],
    ['the proxy is down', 'ECONNREFUSED', 'tcp://docker-api:2375', /docker-api/, /socket/],
    [
      'an engine over tcp refuses',
      'ECONNREFUSED',
      'tcp://gpu1:2376',
      /DOCKER_HOST/,
      /dockerd is running\.$/,
    ],
  ])(
    'tells what to do when %s, for the deployment in use',
    (_name, code, endpoint, says, never) => {
      const { remediation } = diagnose(sysError(code), endpoint, true, new Date(0));

      expect(remediation).toMatch(says);
      expect(remediation).not.toMatch(never);
    },
  );
});
