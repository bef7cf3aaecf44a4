// A child process for the lock race test: takes the data directory's lock with the built server's
// code, says whether it got it, holds it a moment, and exits (releasing it).
import { setTimeout as sleep } from 'node:timers/promises';
import { lockDirectory } from '../../apps/server/dist/adapters/fs/append-only-file.js';

const [lockPath, holdMs] = process.argv.slice(2);
try {
  const release = await lockDirectory(lockPath);
  process.stdout.write('locked\n');
  await sleep(Number(holdMs));
  await release();
} catch (err) {
  process.stdout.write(err?.name === 'LockedError' ? 'refused\n' : `error ${err}\n`);
}
