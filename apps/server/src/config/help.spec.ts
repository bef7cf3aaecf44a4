import { readFileSync } from 'node:fs';
import { loadConfig } from './app-config.js';
import { helpText, settingsRows, shown } from './help.js';

const README = new URL('../../../../README.md', import.meta.url);

describe('settingsRows (what --help prints)', () => {
  const rows = new Map(settingsRows().map(([name, dflt, accepts]) => [name, { dflt, accepts }]));

  it.each([
    ['PORT', '3000', 'an integer port number; a port between 0 and 65535'],
    ['SIMSCOPE_NAME_PATTERN', '^sim[-_.]', 'a valid JavaScript regular expression'],
    ['SIMSCOPE_STATS_CRITICAL', '0.9', 'a share between 0 and 1, e.g. 0.9'],
    [
      'SIMSCOPE_ALLOWED_ORIGINS',
      '(none)',
      'a comma-separated list of origins such as https://console.example.org',
    ],
    [
      'SIMSCOPE_API_TOKEN',
      '(unset)',
      'a token of at least 16 characters; a token of at most 512 characters',
    ],
    ['DOCKER_CERT_PATH', '(unset)', 'text'],
    [
      'SIMSCOPE_STATS_SWEEP_MS',
      '15000',
      'an integer number of milliseconds; 0 (off) or at least 1000',
    ],
  ])('%s: default %s, accepts "%s"', (name, dflt, accepts) => {
    expect(rows.get(name)).toEqual({ dflt, accepts });
  });

  it('has a row for every variable start-up reads, with the default start-up applies', () => {
    const defaults = loadConfig({}) as unknown as Record<string, unknown>;
    for (const [name, { dflt }] of rows) {
      expect([name, dflt]).toEqual([name, shown(defaults[name])]);
    }
    expect(rows.size).toBeGreaterThan(40);
  });

  it('is the table the README documents: every variable is in its settings table', () => {
    const readme = readFileSync(README, 'utf8');
    const missing = [...rows.keys()].filter((name) => !readme.includes(`\`${name}\``));
    expect(missing).toEqual([]);
  });

  it('starts with the usage and the version', () => {
    expect(helpText('1.2.3').split('\n').slice(0, 3)).toEqual([
      'simscope 1.2.3: a live console for the simulation containers on a Docker host.',
      '',
      'Usage: node apps/server/dist/main.js [--help | --version]',
    ]);
  });
});
