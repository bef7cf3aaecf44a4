import { planEngine, removeTestContainers, stopPrivateEngine } from './engine';

export default async function globalTeardown(): Promise<void> {
  const plan = planEngine();
  if (plan.kind === 'none') {
    return;
  }
  removeTestContainers(plan.host);
  if (plan.kind === 'private' && process.env.SIMSCOPE_TEST_KEEP_ENGINE !== 'true') {
    await stopPrivateEngine(plan);
  }
}
