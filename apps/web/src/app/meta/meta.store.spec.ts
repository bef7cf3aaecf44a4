import { TestBed } from '@angular/core/testing';
import { FakeSocket, noteFactory } from '../../testing/factories';
import { liveStoreProviders } from '../../testing/live-store';
import { LiveConnection } from '../core/live-connection';
import { MetaStore } from './meta.store';

function setup(notes: unknown[] = []) {
  const socket = new FakeSocket();
  let loads = 0;
  let fail = false;
  const page = <T>(items: T[]) => Promise.resolve({ items, nextCursor: null });
  const client = {
    metaOverview: () => {
      loads++;
      return fail ? Promise.reject(new Error('Failed to fetch')) : Promise.resolve({ loads });
    },
    notes: () => page(notes),
    objectives: () => page([]),
    runs: () => page([]),
  };
  TestBed.configureTestingModule({
    providers: [...liveStoreProviders(socket, client)],
  });
  const connection = TestBed.inject(LiveConnection);
  const sut = TestBed.inject(MetaStore);
  return {
    sut,
    connection,
    socket,
    loads: () => loads,
    failNext: (v: boolean) => (fail = v),
  };
}

const overviewLoads = (sut: MetaStore) =>
  (sut.data()?.overview as unknown as { loads: number } | undefined)?.loads;

describe('MetaStore', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => {
    TestBed.resetTestingModule();
    jest.useRealTimers();
  });

  it('loads on start and once per burst of meta_ops events while live', async () => {
    const { sut, socket, loads, connection } = setup();
    socket.fire('connect');
    await jest.advanceTimersByTimeAsync(0);
    expect(sut.view().kind).toBe('ok');
    // The page's own data counts as an update in the header, whichever page it is.
    expect(connection.state().lastUpdateAt).not.toBeNull();
    expect(loads()).toBe(1);

    for (let i = 0; i < 20; i++) {
      socket.fire('meta_ops', { op: 'note.created' });
    }
    await jest.advanceTimersByTimeAsync(200);
    expect(loads()).toBe(2);
    expect(overviewLoads(sut)).toBe(2);
  });

  it('reloads on each poll while the socket is down, and says so when the server fails', async () => {
    const { sut, socket, connection, loads, failNext } = setup();
    await jest.advanceTimersByTimeAsync(0);
    socket.fire('connect_error', new Error('websocket error'));
    await jest.advanceTimersByTimeAsync(0);
    expect(loads()).toBe(2);
    await jest.advanceTimersByTimeAsync(5000);
    expect(loads()).toBe(3);
    expect(overviewLoads(sut)).toBe(3);

    failNext(true);
    sut.refresh();
    await jest.advanceTimersByTimeAsync(200);
    expect(sut.view()).toEqual({ kind: 'error', message: 'Failed to fetch' });
    await jest.advanceTimersByTimeAsync(5000);
    expect(connection.state().mode).toBe('offline');
  });

  it('leaves out records it cannot read and counts them, instead of breaking the page', async () => {
    const { sut, socket } = setup([
      noteFactory(),
      {},
      null,
      noteFactory({ id: 'n2', targets: [] }),
    ]);
    socket.fire('connect');
    await jest.advanceTimersByTimeAsync(0);
    expect(sut.data()?.notes.map((n) => n.id)).toEqual(['01J000000000000000000000AA', 'n2']);
    expect(sut.data()?.unreadable).toBe(2);
  });
});
