import { TestBed } from '@angular/core/testing';
import type { RuntimeHealthPayload } from '@simscope/contracts';
import { FakeSocket } from '../../testing/factories';
import { liveStoreProviders } from '../../testing/live-store';
import { LiveConnection } from '../core/live-connection';
import { GUARD_EVENTS_KEPT, RuntimeStore } from './runtime.store';

const health = (mode: string) => ({ mode }) as unknown as RuntimeHealthPayload;

function setup() {
  const socket = new FakeSocket();
  const client: { answer: RuntimeHealthPayload; runtimeHealth: jest.Mock } = {
    answer: health('rest'),
    runtimeHealth: jest.fn(() => Promise.resolve(client.answer)),
  };
  TestBed.configureTestingModule({
    providers: [...liveStoreProviders(socket, client), { provide: GUARD_EVENTS_KEPT, useValue: 3 }],
  });
  const connection = TestBed.inject(LiveConnection);
  const sut = TestBed.inject(RuntimeStore);
  return { sut, connection, socket, client };
}

describe('RuntimeStore', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => {
    TestBed.resetTestingModule();
    jest.useRealTimers();
  });

  it('fetches once on start, then takes the pushed health while live (no REST polling)', async () => {
    const { sut, socket, client } = setup();
    socket.fire('connect');
    await jest.advanceTimersByTimeAsync(0);
    expect(sut.health()).toEqual(health('rest'));

    socket.fire('runtime_health', health('pushed'));
    await jest.advanceTimersByTimeAsync(30_000);
    expect(sut.health()).toEqual(health('pushed'));
    expect(client.runtimeHealth).toHaveBeenCalledTimes(1);
  });

  it('does not let the start-up fetch overwrite a push that came first', async () => {
    const { sut, socket } = setup();
    socket.fire('connect');
    socket.fire('runtime_health', health('pushed'));
    await jest.advanceTimersByTimeAsync(0);
    expect(sut.health()).toEqual(health('pushed'));
  });

  it('polls REST while the socket is down', async () => {
    const { sut, socket, client, connection } = setup();
    socket.fire('connect_error', new Error('websocket error'));
    await jest.advanceTimersByTimeAsync(0);
    client.answer = health('polled');
    await jest.advanceTimersByTimeAsync(5000);
    expect(connection.state().mode).toBe('polling');
    expect(sut.health()).toEqual(health('polled'));
  });

  it('keeps the newest guard events, bounded', () => {
    const { sut, socket } = setup();
    socket.fire('connect');
    for (const task of ['a', 'b', 'c', 'd']) {
      socket.fire('simulation_guard', { task, reason: 'x', mode: 'critical', at: '', count: 1 });
    }
    expect(sut.guardEvents().map((e) => e.task)).toEqual(['d', 'c', 'b']);
  });
});
