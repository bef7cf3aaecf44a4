import { readFileSync } from 'node:fs';
import { helpText } from './config/help.js';

/**
 * The command line: `--help` (the settings table, from the environment DTO) and `--version` answer
 * and exit without loading the application; anything else unknown is refused; no argument serves.
 */
function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(helpText(version()));
  process.exit(0);
}
if (args.includes('--version') || args.includes('-v')) {
  process.stdout.write(`simscope ${version()}\n`);
  process.exit(0);
}
if (args.length > 0) {
  process.stderr.write(`simscope: unknown argument ${JSON.stringify(args[0])}; see --help\n`);
  process.exit(2);
}
const { serve, startupFailed } = await import('./serve.js');
await serve().catch(startupFailed);
