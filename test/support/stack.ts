import { runContainer } from './factories.js';

/**
 * The issue's example stack as running containers carrying compose's labels, made with `docker run
 * --label` (no compose v2 on this machine): compose v2's own `depends_on` label for agent → model and
 * bot → agent, and simscope's `soft-depends-on` for web → agent (what a compose v1 or plain
 * `docker run` user writes). Returns each service's container id.
 */
export function runExampleStack(
  project: string,
): Record<'model' | 'agent' | 'bot' | 'web', string> {
  const svc = (service: string, labels: Record<string, string> = {}) =>
    runContainer({
      name: `${project}-${service}-1`,
      labels: {
        'com.docker.compose.project': project,
        'com.docker.compose.service': service,
        'simscope.enable': 'true',
        ...labels,
      },
    });
  return {
    model: svc('model'),
    agent: svc('agent', { 'com.docker.compose.depends_on': 'model:service_started:false' }),
    bot: svc('bot', { 'com.docker.compose.depends_on': 'agent:service_healthy:false' }),
    web: svc('web', { 'simscope.soft-depends-on': 'agent' }),
  };
}

/** A two-service stack whose services depend on each other (a → b → a), by simscope's label. */
export function runCycleStack(project: string): void {
  for (const [a, b] of [
    ['a', 'b'],
    ['b', 'a'],
  ] as const) {
    runContainer({
      name: `${project}-${a}-1`,
      labels: {
        'com.docker.compose.project': project,
        'com.docker.compose.service': a,
        'simscope.enable': 'true',
        'simscope.depends-on': b,
      },
    });
  }
}
