import type { ContainerDetails } from '../adapters/docker/docker.types.js';

/**
 * Event-driven inspects: at most one per container at a time; events that arrive during one cause
 * exactly one more (with the newest event's action), so a burst on one container costs two calls;
 * only the answer of the last one is settled (an earlier one may predate the newest event).
 */
export class InspectQueue {
  private readonly inflight = new Map<string, { again: boolean; action: string }>();
  private stopped = false;

  constructor(
    private readonly inspect: (id: string) => Promise<ContainerDetails | null>,
    /** Called with what inspect found (null: the container is gone). */
    private readonly settle: (id: string, details: ContainerDetails | null, action: string) => void,
    private readonly onError: (id: string, err: unknown) => void = () => undefined,
  ) {}

  get pending(): number {
    return this.inflight.size;
  }

  schedule(id: string, action: string): void {
    const running = this.inflight.get(id);
    if (running) {
      running.again = true;
      running.action = action;
      return;
    }
    const slot = { again: false, action };
    this.inflight.set(id, slot);
    void this.run(id, slot);
  }

  stop(): void {
    this.stopped = true;
  }

  private async run(id: string, slot: { again: boolean; action: string }): Promise<void> {
    do {
      slot.again = false;
      const action = slot.action;
      try {
        const details = await this.inspect(id);
        // A newer event arrived meanwhile: this answer may predate it, and another inspect follows.
        if (!slot.again) {
          this.settle(id, details, action);
        }
      } catch (err) {
        // Inspect fails for containers being removed or dead; the next event or reconcile settles it.
        this.onError(id, err);
      }
    } while (slot.again && !this.stopped);
    this.inflight.delete(id);
  }
}
