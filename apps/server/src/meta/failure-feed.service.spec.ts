import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Phase, SimulationContainer } from '@simscope/contracts';
import { Subject } from 'rxjs';
import type { MetaSettings } from '../config/settings.js';
import type { InventoryChange, InventoryReader } from '../docker/inventory-reader.js';
import { EvidenceRegistry } from '../docker/failure-evidence.js';
import { aContainer, aServiceState, aTaskInfo } from '../testing/factories.js';
import { FailureFeedService } from './failure-feed.service.js';
import { MetaStoreService } from './meta-store.service.js';
import { MetaService } from './meta.service.js';

const SETTLED = 1_700; // the feed waits 1.5 s for a failing phase to hold

/** A hand-driven inventory: the test says what each container is now. */
class Inventory {
  readonly changes$ = new Subject<InventoryChange>();
  private readonly byId = new Map<string, SimulationContainer>();

  set(id: string, phase: Phase, overrides: Partial<SimulationContainer> = {}): void {
    const c = aContainer(id, { phase, reasons: [`${phase} now`], ...overrides });
    this.byId.set(id, c);
    this.changes$.next({ sequence: 0, fingerprint: '', added: [c], updated: [], removed: [] });
  }

  get(id: string): SimulationContainer | undefined {
    return this.byId.get(id);
  }
}

describe('FailureFeedService (real store on a temporary directory)', () => {
  let dir: string;
  let running: { store: MetaStoreService; sut: FailureFeedService; meta: MetaService } | null;
  const settings = (): MetaSettings => ({
    dataDir: dir,
    sync: 'group',
    retentionDays: null,
    webhookUrls: [],
    webhookCooldownMs: 0,
  });
  const start = async (inventory: Inventory, evidence = new EvidenceRegistry()) => {
    const store = new MetaStoreService(settings());
    await store.onModuleInit();
    const meta = new MetaService(store);
    const sut = new FailureFeedService(
      inventory as unknown as InventoryReader,
      store,
      meta,
      evidence,
    );
    sut.onModuleInit();
    running = { store, sut, meta };
    return running;
  };
  const stop = async () => {
    running?.sut.onModuleDestroy();
    await running?.store.onApplicationShutdown();
    running = null;
  };
  const failureNotes = async (meta: MetaService) =>
    (await meta.listNotes({ category: 'failure' })).items.map((n) => n.title);
  const settle = () => new Promise((r) => setTimeout(r, SETTLED));

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'simscope-feed-'));
    running = null;
  });
  afterEach(async () => {
    await stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('notes a failing phase once, and not again after a restart while it lasts', async () => {
    const inventory = new Inventory();
    const { meta } = await start(inventory);
    inventory.set('c1', 'crashloop');
    await settle();
    inventory.set('c1', 'crashloop');
    await settle();
    expect(await failureNotes(meta)).toEqual(['sim-c1 crashloop']);
    await stop();

    const again = await start(inventory);
    inventory.set('c1', 'crashloop');
    await settle();

    expect(await failureNotes(again.meta)).toEqual(['sim-c1 crashloop']);
  }, 15_000);

  it('notes a crash-looping Swarm service once, though each failure is a new task row', async () => {
    const inventory = new Inventory();
    const { meta } = await start(inventory);
    const task = (failures: number) => ({
      displayName: 'trainer.1',
      swarm: aTaskInfo({
        service: 'trainer',
        state: 'failed',
        desiredState: 'shutdown',
        error: 'task: non-zero exit (3)',
        serviceState: aServiceState({ desired: 1, recentFailures: failures }),
      }),
    });
    inventory.set('t1', 'failed', task(1));
    inventory.set('t2', 'failed', task(2));
    inventory.set('t3', 'failed', task(3));
    inventory.set('t4', 'crashloop', task(3));
    inventory.set('t5', 'failed', task(4));
    inventory.set('t6', 'crashloop', task(4));
    await settle();

    expect((await failureNotes(meta)).sort()).toEqual([
      'trainer.1 crashloop',
      'trainer.1 failed',
      'trainer.1 failed',
    ]);
  }, 15_000);

  it('notes a new episode after a restart once the container was seen healthy in between', async () => {
    const inventory = new Inventory();
    await start(inventory);
    inventory.set('c1', 'oom-killed');
    await settle();
    await stop();

    const again = await start(inventory);
    inventory.set('c1', 'running');
    inventory.set('c1', 'oom-killed');
    await settle();

    expect(await failureNotes(again.meta)).toEqual(['sim-c1 oom-killed', 'sim-c1 oom-killed']);
  }, 15_000);

  it('keeps what the features collected on the note, and names a collector that failed', async () => {
    const inventory = new Inventory();
    const evidence = new EvidenceRegistry();
    evidence.register({
      name: 'logs',
      collect: () =>
        Promise.resolve({ logLines: [{ stream: 'stdout', at: null, text: 'last words' }] }),
    });
    evidence.register({ name: 'memory', collect: () => Promise.reject(new Error('no engine')) });
    const { meta } = await start(inventory, evidence);
    inventory.set('c1', 'failed');
    await settle();

    const [note] = (await meta.listNotes({ category: 'failure' })).items;
    expect(note.evidence).toEqual({
      logLines: [{ stream: 'stdout', at: null, text: 'last words' }],
      missing: ['memory: no engine'],
    });
  }, 15_000);
});
