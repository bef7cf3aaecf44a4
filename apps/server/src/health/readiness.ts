import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Can the data directory be written? Creates it if missing, writes and removes a probe file. */
export async function dataDirWritable(dir: string): Promise<{ ok: boolean; error?: string }> {
  try {
    await mkdir(dir, { recursive: true });
    const probe = join(dir, `.readyz-${process.pid}`);
    await writeFile(probe, 'ok');
    await rm(probe, { force: true });
    return { ok: true };
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    return { ok: false, error: `${e.code ?? 'error'}: ${e.message}` };
  }
}
