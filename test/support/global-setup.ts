import { ensureTestImage, planEngine, removeTestContainers, startPrivateEngine } from './engine';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chmodSync, mkdirSync, mkdtempSync } from 'node:fs';

export default async function globalSetup(): Promise<void> {
  // Everything the suites write to the temp folder (data dirs, nginx prefixes, browser profiles) goes
  // to one folder of this run, which global-teardown.ts removes: a run leaves nothing in /tmp.
  const parent = process.env.SIMSCOPE_TEST_TMP_PARENT ?? tmpdir();
  process.env.SIMSCOPE_TEST_TMP_PARENT = parent;
  process.env.SIMSCOPE_TEST_RUN_TMP = mkdtempSync(join(parent, 'simscope-test-run-'));
  // Like /tmp itself: a suite runs the server as another user (nobody) with its files in here.
  chmodSync(process.env.SIMSCOPE_TEST_RUN_TMP, 0o1777);
  process.env.TMPDIR = process.env.SIMSCOPE_TEST_RUN_TMP;
  const plan = planEngine();
  if (plan.kind === 'none') {
    return;
  }
  if (plan.kind === 'private') {
    await startPrivateEngine(plan);
  }
  const workDir = plan.kind === 'private' ? plan.dir : join(tmpdir(), 'simscope-test-image');
  mkdirSync(workDir, { recursive: true });
  removeTestContainers(plan.host);
  ensureTestImage(plan.host, workDir);
  process.env.SIMSCOPE_TEST_ENGINE = plan.host;
}
