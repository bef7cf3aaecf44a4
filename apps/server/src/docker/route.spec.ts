import type { SimulationRoute } from '@simscope/contracts';
import { NOT_PROXIED, routeFor } from './route.js';

const base = {
  name: 'sim-web-1',
  labels: { 'simscope.port': '8787' } as Record<string, string>,
  networks: ['sim-net'],
  labelPrefix: 'simscope',
  network: 'sim-net',
  proxied: true,
};

describe('routeFor', () => {
  it.each<[string, Partial<typeof base>, SimulationRoute]>([
    [
      'a port on the shared network',
      {},
      { path: '/sim/sim-web-1/', port: 8787, targetPath: '/', cookies: false },
    ],
    [
      'with a path label',
      { labels: { 'simscope.port': '80', 'simscope.path': '/ui' } },
      { path: '/sim/sim-web-1/', port: 80, targetPath: '/ui/', cookies: false },
    ],
    ['no port label', { labels: {} }, { path: null, reason: 'no simscope.port label' }],
    [
      'a port that is not a number',
      { labels: { 'simscope.port': 'http' } },
      { path: null, reason: 'simscope.port "http" is not a port number' },
    ],
    [
      'a port out of range',
      { labels: { 'simscope.port': '70000' } },
      { path: null, reason: 'simscope.port "70000" is not a port number' },
    ],
    [
      'off the shared network',
      { networks: ['bridge'] },
      { path: null, reason: 'not on sim-net, where the proxy reaches simulations' },
    ],
    [
      'a path climbing out',
      { labels: { 'simscope.port': '80', 'simscope.path': '/a/../../etc' } },
      { path: null, reason: 'simscope.path "/a/../../etc" is not a plain absolute path' },
    ],
    [
      'a relative path',
      { labels: { 'simscope.port': '80', 'simscope.path': 'ui' } },
      { path: null, reason: 'simscope.path "ui" is not a plain absolute path' },
    ],
    [
      'a name outside the routing rules',
      { name: '-bad name' },
      { path: null, reason: 'the name "-bad name" cannot be routed' },
    ],
    [
      'cookies allowed by label',
      { labels: { 'simscope.port': '80', 'simscope.cookies': 'TRUE ' } },
      { path: '/sim/sim-web-1/', port: 80, targetPath: '/', cookies: true },
    ],
    [
      'cookies label other than true',
      { labels: { 'simscope.port': '80', 'simscope.cookies': 'yes' } },
      { path: '/sim/sim-web-1/', port: 80, targetPath: '/', cookies: false },
    ],
    ['no proxy in front (npm start)', { proxied: false }, { path: null, reason: NOT_PROXIED }],
    [
      'a bad label still named before the missing proxy',
      { proxied: false, labels: { 'simscope.port': 'http' } },
      { path: null, reason: 'simscope.port "http" is not a port number' },
    ],
  ])('%s', (_, over, expected) => {
    expect(routeFor({ ...base, ...over })).toEqual(expected);
  });
});
