/** Blocks this process's event loop (the app runs in-process) in slices, leaving gaps for timers. */
export async function blockFor(totalMs: number, sliceMs: number): Promise<void> {
  const end = Date.now() + totalMs;
  while (Date.now() < end) {
    const stop = Date.now() + sliceMs;
    while (Date.now() < stop) {
      // busy: nothing else runs
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}
