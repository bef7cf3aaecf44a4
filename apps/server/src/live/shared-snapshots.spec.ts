import { Server } from 'socket.io';
import type { DockerSimulationsPayload } from '@simscope/contracts';
import { SharedSnapshots, type SnapshotScope } from './shared-snapshots.js';

const everything: SnapshotScope = { clusters: null, hosts: null };
const oneCluster: SnapshotScope = { clusters: ['a'], hosts: null };

function setup() {
  let now = 0;
  const built: SnapshotScope[] = [];
  const sut = new SharedSnapshots(
    (scope) => {
      built.push(scope);
      return { sequence: built.length, containers: [] } as unknown as DockerSimulationsPayload;
    },
    1000,
    { now: () => now },
  );
  const encoder = new Server().encoder;
  return { sut, built, encoder, advance: (ms: number) => (now += ms) };
}

describe('SharedSnapshots', () => {
  it('builds and encodes once for every socket asking at the same sequence', () => {
    const { sut, built, encoder } = setup();

    const first = sut.get(encoder, everything, 7);
    const again = [1, 2, 3].map(() => sut.get(encoder, { clusters: null, hosts: null }, 7));

    expect(built).toHaveLength(1);
    again.forEach((e) => expect(e).toBe(first));
    expect(first.packets).toEqual([`2["docker_simulations",${JSON.stringify(first.data)}]`]);
    expect(first.bytes).toBe((first.packets[0] as string).length);
  });

  it.each<[string, (ctx: ReturnType<typeof setup>) => SnapshotScope | number | void]>([
    ['the inventory moved on', () => 8],
    ['the reuse window passed', ({ advance }) => void advance(1000)],
    ['Docker’s status changed (cleared)', ({ sut }) => sut.clear()],
    ['another scope asks', () => oneCluster],
  ])('builds a fresh one when %s', (_, change) => {
    const ctx = setup();
    ctx.sut.get(ctx.encoder, everything, 7);

    const changed = change(ctx);
    const sequence = typeof changed === 'number' ? changed : 7;
    const scope = typeof changed === 'object' ? changed : everything;
    ctx.sut.get(ctx.encoder, scope, sequence);

    expect(ctx.built).toHaveLength(2);
    expect(ctx.built[1]).toEqual(scope);
  });

  it('reuses a snapshot for less than the window, then builds anew', () => {
    const { sut, built, encoder, advance } = setup();
    sut.get(encoder, oneCluster, 1);
    advance(999);
    sut.get(encoder, oneCluster, 1);
    expect(built).toHaveLength(1);

    advance(1);
    sut.get(encoder, everything, 1);
    sut.get(encoder, oneCluster, 1);

    expect(built).toHaveLength(3);
  });
});
