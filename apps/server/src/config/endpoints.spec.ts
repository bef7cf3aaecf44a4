import { parseEndpoints, type EngineEndpoint } from './endpoints.js';

const single = { tlsVerify: false };

describe('parseEndpoints', () => {
  it.each<[string, string | undefined, object, EngineEndpoint[]]>([
    [
      'unset: the local socket, named local',
      undefined,
      single,
      [
        {
          name: 'local',
          url: 'unix:///var/run/docker.sock',
          certPath: undefined,
          tls: false,
          tlsVerify: false,
          mode: 'engine',
        },
      ],
    ],
    [
      'unset: DOCKER_HOST with its certificates',
      '',
      { dockerHost: 'tcp://h:2376', certPath: '/c', tlsVerify: true },
      [{ name: 'local', url: 'tcp://h:2376', certPath: '/c', tls: true, tlsVerify: true, mode: 'engine' }],
    ],
    [
      'a list of three kinds',
      'local=unix:///var/run/docker.sock, gpu1=tcp://gpu1.lab.example:2376?certs=/etc/s/gpu1 ,lab=ssh://ops@lab-host',
      single,
      [
        {
          name: 'local',
          url: 'unix:///var/run/docker.sock',
          certPath: undefined,
          tls: false,
          tlsVerify: false,
          mode: 'engine',
        },
        {
          name: 'gpu1',
          url: 'tcp://gpu1.lab.example:2376',
          certPath: '/etc/s/gpu1',
          tls: true,
          tlsVerify: true,
          mode: 'engine',
        },
        {
          name: 'lab',
          url: 'ssh://ops@lab-host',
          certPath: undefined,
          tls: false,
          tlsVerify: false,
          mode: 'engine',
        },
      ],
    ],
    [
      'plain tcp (e.g. the allowlist proxy), and TLS without verification',
      'proxy=tcp://docker-api:2375,test=tcp://10.0.0.2:2376?certs=/c&verify=false',
      single,
      [
        {
          name: 'proxy',
          url: 'tcp://docker-api:2375',
          certPath: undefined,
          tls: false,
          tlsVerify: false,
          mode: 'engine',
        },
        { name: 'test', url: 'tcp://10.0.0.2:2376', certPath: '/c', tls: true, tlsVerify: false, mode: 'engine' },
      ],
    ],
    [
      'a Swarm manager beside a plain engine',
      'swarm=tcp://manager:2376?certs=/c&mode=swarm,gpu1=unix:///g.sock?mode=engine',
      single,
      [
        {
          name: 'swarm',
          url: 'tcp://manager:2376',
          certPath: '/c',
          tls: true,
          tlsVerify: true,
          mode: 'swarm',
        },
        {
          name: 'gpu1',
          url: 'unix:///g.sock',
          certPath: undefined,
          tls: false,
          tlsVerify: false,
          mode: 'engine',
        },
      ],
    ],
  ])('%s', (_, value, one, expected) => {
    expect(parseEndpoints(value, one as typeof single)).toEqual(expected);
  });

  it.each([
    ['gpu1', 'entry 1 ("gpu1") must be name=unix:///path'],
    ['a=unix:///s,b=http://x:1', 'entry 2 ("b=http://x:1") must be'],
    ['GPU=tcp://h:1', 'has a bad name'],
    ['a=unix:///s,a=unix:///t', 'entry 2 ("a=unix:///t") repeats the name a'],
    ['a=tcp://h:2376?cert=/x', 'unknown option cert'],
    ['a=tcp://h:2376?verify=yes', 'has verify=yes: true or false'],
    ['a=unix:///s?certs=/c', 'only tcp:// engines take'],
    ['a=unix:///s?mode=kubernetes', 'has mode=kubernetes: engine or swarm'],
  ])('refuses %p naming the entry', (value, message) => {
    expect(() => parseEndpoints(value, single)).toThrow(message);
  });
});
