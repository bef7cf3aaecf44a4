import { SimscopeClient, type Note } from '@simscope/contracts';
import { appForSuite } from '../support/app.js';
import { eventually } from '../support/eventually.js';
import { dockerCli, runContainer, testEngineHost, uniqueName } from '../support/factories.js';

const TOKEN = 'actions-test-token-0123456789';
const startedAt = (id: string) => dockerCli(['inspect', '-f', '{{.State.StartedAt}}', id]);
const running = (id: string) => dockerCli(['inspect', '-f', '{{.State.Running}}', id]);

/** The `action` notes about one container, newest first. */
async function actionNotes(client: SimscopeClient, id: string): Promise<Note[]> {
  const page = await client.notes({ category: 'action', target: id });
  return page.items;
}

describe('container actions, switched off (the default)', () => {
  const suite = appForSuite(
    { DOCKER_HOST: testEngineHost(), SIMSCOPE_API_TOKEN: TOKEN },
    { removeContainersOf: testEngineHost() },
  );

  it('answers 404 and leaves the container alone', async () => {
    const name = uniqueName('sim-act-off');
    const id = runContainer({ name, labels: { 'simscope.enable': 'true' } });
    await eventually(
      () => suite.running.client.simulation(name).catch(() => undefined),
      5000,
      name,
    );
    const before = startedAt(id);

    await expect(suite.running.client.act(name, 'restart')).rejects.toMatchObject({
      status: 404,
      body: { message: 'container actions are switched off on this server' },
    });
    expect(startedAt(id)).toBe(before);
    await expect(actionNotes(suite.running.client, id)).resolves.toEqual([]);
  });
});

describe('container actions, switched on', () => {
  const suite = appForSuite(
    {
      DOCKER_HOST: testEngineHost(),
      SIMSCOPE_API_TOKEN: TOKEN,
      SIMSCOPE_ACTIONS: 'on',
      // busybox sleep as PID 1 ignores SIGTERM: do not wait the default 10 s for it.
      SIMSCOPE_ACTIONS_STOP_TIMEOUT: '1',
      SIMSCOPE_ACTIONS_RATE_LIMIT: '100',
    },
    { removeContainersOf: testEngineHost() },
  );
  const labelled = async (labels: Record<string, string>) => {
    const name = uniqueName('sim-act');
    const id = runContainer({ name, labels: { 'simscope.enable': 'true', ...labels } });
    await eventually(
      () => suite.running.client.simulation(name).catch(() => undefined),
      5000,
      name,
    );
    return { name, id };
  };

  it('restarts, stops and starts a simulation, each recorded as an action note', async () => {
    const { client } = suite.running;
    const { name, id } = await labelled({});
    const before = startedAt(id);

    const restarted = await client.act(name, 'restart');
    expect(restarted).toMatchObject({
      action: 'restart',
      container: { id, name, host: 'local' },
      result: 'done',
    });
    expect(startedAt(id)).not.toBe(before);

    await expect(client.act(name, 'stop')).resolves.toMatchObject({ result: 'done' });
    expect(running(id)).toBe('false');
    // Docker's 304: already stopped.
    await expect(client.act(id.slice(0, 12), 'stop')).resolves.toMatchObject({
      result: 'already',
    });
    await expect(client.act(name, 'start')).resolves.toMatchObject({ result: 'done' });
    expect(running(id)).toBe('true');

    const notes = await actionNotes(client, id);
    expect(notes.map((n) => n.title.replace(/ in [\d.]+ s$/, ''))).toEqual([
      `start ${name}: done`,
      `stop ${name}: already stopped`,
      `stop ${name}: done`,
      `restart ${name}: done`,
    ]);
    expect(notes[3]).toMatchObject({
      category: 'action',
      source: 'user',
      tags: ['action', 'restart', 'done'],
      context: { action: 'restart', container: name, host: 'local', result: 'done' },
    });
    expect(notes.find((n) => n.id === restarted.noteId)).toBeDefined();
  }, 60_000);

  it.each([
    [{ 'simscope.protected': 'true' }, /is labelled simscope\.protected=true$/],
    [{ 'simscope.component': 'server' }, /is simscope's own container \(server\)/],
  ])('refuses %j with 403, records the refusal and does not touch it', async (labels, why) => {
    const { client } = suite.running;
    const { name, id } = await labelled(labels);
    const before = startedAt(id);

    const err = (await client.act(name, 'stop').catch((e: unknown) => e)) as {
      status: number;
      body: { message: string };
    };
    expect(err.status).toBe(403);
    expect(err.body.message).toMatch(why);
    expect(running(id)).toBe('true');
    expect(startedAt(id)).toBe(before);
    const [note] = await actionNotes(client, id);
    expect(note).toMatchObject({ title: `stop ${name}: refused`, severity: 'watch' });
    expect(note?.text).toMatch(/^Refused: .* is /);
  });

  it('needs the write token, and validates the body with field-level messages', async () => {
    const { name } = await labelled({});
    const anonymous = new SimscopeClient({ baseUrl: suite.running.baseUrl });
    await expect(anonymous.act(name, 'restart')).rejects.toMatchObject({ status: 401 });

    await expect(suite.running.client.act(name, 'kill' as 'stop')).rejects.toMatchObject({
      status: 400,
      body: { message: ['action must be one of: start, stop, restart'] },
    });
    await expect(suite.running.client.act('no-such-sim', 'start')).rejects.toMatchObject({
      status: 404,
    });
  });
});
