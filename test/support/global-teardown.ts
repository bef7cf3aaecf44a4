import { rmSync } from 'node:fs';
import { planEngine, removePrivateEngine, removeTestContainers, unmountUnder } from './engine';

export default async function globalTeardown(): Promise<void> {
  const plan = planEngine();
  try {
    if (plan.kind === 'none') {
      return;
    }
    removeTestContainers(plan.host);
    if (plan.kind === 'private' && process.env.SIMSCOPE_TEST_KEEP_ENGINE !== 'true') {
      await removePrivateEngine(plan);
    }
  } finally {
    const runTmp = process.env.SIMSCOPE_TEST_RUN_TMP;
    if (runTmp) {
      unmountUnder(runTmp); // suites' own engines (stopped) may leave namespace mounts
      rmSync(runTmp, { recursive: true, force: true });
    }
  }
}
