// @ts-check
/*
 * Which folder of apps/server/src may import which: dependencies point one way, down the data flow
 * (CONVENTIONS.md). A folder may import itself and the folders listed for it, nothing else; so no
 * folder cycle can form. Run by `npm run lint` (`npm run lint:deps`).
 */
const SERVER = '^apps/server/src/';

/** folder → the folders it may import (besides itself). */
const allowed = {
  // Shared machinery: no feature.
  config: [],
  runtime: ['config'],
  common: ['config', 'runtime'],
  adapters: ['config', 'common'],
  // Who is asking: identities, roles, keys. Every feature's routes and events say what they need.
  auth: ['adapters', 'config', 'common'],
  // Discovery: the one writer of the inventory, read by everything after it.
  docker: ['auth', 'adapters', 'config', 'runtime', 'common'],
  // Features that read the inventory and annotate rows through discovery's channel.
  stats: ['docker', 'auth', 'adapters', 'config', 'runtime', 'common'],
  meta: ['docker', 'auth', 'adapters', 'config', 'runtime', 'common'],
  stacks: ['docker', 'auth', 'adapters', 'config', 'runtime', 'common'],
  // Simulation events: one log follow per opted-in simulation (through stats' demuxer).
  'sim-events': ['docker', 'stats', 'auth', 'adapters', 'config', 'runtime', 'common'],
  // Runs bound to containers: discovery and events move the team's record.
  'run-binding': ['docker', 'sim-events', 'meta', 'auth', 'adapters', 'config', 'runtime', 'common'],
  // Opt-in container actions: they record every outcome in meta.
  actions: ['docker', 'meta', 'auth', 'adapters', 'config', 'runtime', 'common'],
  // The stream carries what the features publish.
  live: ['docker', 'stats', 'stacks', 'sim-events', 'meta', 'auth', 'config', 'runtime', 'common'],
  // Probes and metrics look at everything.
  health: ['docker', 'stats', 'stacks', 'sim-events', 'meta', 'live', 'auth', 'config', 'runtime', 'common'],
  web: ['config', 'common'],
  // Fakes for specs.
  testing: ['adapters', 'docker', 'meta', 'config', 'runtime', 'common'],
};

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...Object.entries(allowed).map(([from, to]) => ({
      name: `${from}-imports-only-${to.length ? to.join('-') : 'itself'}`,
      comment: `apps/server/src/${from}/ may import ${to.length ? to.join(', ') : 'nothing else of the server'}; see .dependency-cruiser.cjs`,
      severity: /** @type {const} */ ('error'),
      from: { path: `${SERVER}${from}/` },
      to: {
        path: SERVER,
        // testing/ holds fakes for specs; the rule below keeps production code away from it.
        pathNot: [`${SERVER}(${[from, ...to, 'testing'].join('|')})/`],
      },
    })),
    {
      name: 'no-circular',
      comment: 'No import cycles between files either.',
      severity: 'error',
      from: { path: SERVER },
      to: { circular: true },
    },
    {
      name: 'testing-only-from-specs',
      comment: 'Fakes are for specs, never for production code.',
      severity: 'error',
      from: { path: SERVER, pathNot: '\\.spec\\.ts$' },
      to: { path: `${SERVER}testing/` },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)dist/' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
