import { ensureTestImage, planEngine, removeTestContainers, startPrivateEngine } from './engine';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';

export default async function globalSetup(): Promise<void> {
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
