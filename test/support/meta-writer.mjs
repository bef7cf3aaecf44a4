// A child process for the crash test: opens the real meta store (from the built server) and runs N
// concurrent writers forever, printing each note id once its append is acknowledged.
import 'reflect-metadata';
import { MetaStoreService } from '../../apps/server/dist/meta/meta-store.service.js';
import { MetaService } from '../../apps/server/dist/meta/meta.service.js';
import { loadConfig } from '../../apps/server/dist/config/app-config.js';
import { toSettings } from '../../apps/server/dist/config/settings.js';

const [dir, writers] = process.argv.slice(2);
const store = new MetaStoreService(toSettings(loadConfig({ SIMSCOPE_DATA_DIR: dir })).meta);
await store.onModuleInit();
const meta = new MetaService(store);
let n = 0;
await Promise.all(
  Array.from({ length: Number(writers) }, async () => {
    for (;;) {
      const note = await meta.addNote({ category: 'observation', title: `crash-${n++}`, tags: [] });
      process.stdout.write(`${note.id}\n`);
    }
  }),
);
