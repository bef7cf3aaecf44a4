import type Docker from 'dockerode';

/**
 * The baseline for update latency: a raw Docker events subscriber in the benchmark's own process,
 * recording when each container's `start` event arrives (performance.now()).
 */
export async function recordRawStarts(
  docker: Docker,
): Promise<{ at: Map<string, number>; close(): void }> {
  const at = new Map<string, number>();
  const stream = await docker.getEvents({ filters: { type: ['container'], event: ['start'] } });
  let buf = '';
  stream.on('data', (chunk: Buffer) => {
    const now = performance.now();
    buf += chunk.toString();
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const e = JSON.parse(buf.slice(0, nl)) as { id?: string; Actor?: { ID?: string } };
      buf = buf.slice(nl + 1);
      const id = e.Actor?.ID ?? e.id;
      if (id && !at.has(id)) {
        at.set(id, now);
      }
    }
  });
  return { at, close: () => (stream as unknown as { destroy(): void }).destroy() };
}
