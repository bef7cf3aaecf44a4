import {
  SIM_EVENT_MAX_LINE_BYTES,
  SIM_EVENTS_RECENT,
  type SimEvent,
  type SimEventOutput,
} from '@simscope/contracts';
import type { DockerPort } from '../adapters/docker/docker.port.js';
import type { StreamHandle } from '../adapters/docker/docker.types.js';
import { LogDemuxer } from '../stats/log-lines.js';
import { ResumePoint, epochSeconds } from './docker-time.js';
import { EventRing } from './event-ring.js';
import { EventTally } from './event-tally.js';
import { parseSimEvent } from './sim-event.js';

export interface EventSink {
  /** New events (after the history read on first open), in order. */
  events(id: string, events: SimEvent[]): void;
  /** The stream ended (the container stopped, or the engine closed it). */
  closed(id: string): void;
}

/**
 * One simulation's event intake: a single log follow (its chosen output), resumed from the last
 * line read after a restart or reconnect, each line masked, cut at 64 KB and parsed. Keeps the
 * recent events and the tally; forgets nothing while the container exists.
 */
export class EventSource {
  readonly tally = new EventTally();
  readonly recent = new EventRing();
  private readonly resume = new ResumePoint();
  private seq = 0;
  private handle: StreamHandle | null = null;
  private opening = false;
  private closedForGood = false;

  constructor(
    readonly id: string,
    private readonly output: SimEventOutput,
    private readonly typeKeys: readonly string[],
    private readonly sink: EventSink,
  ) {}

  get following(): boolean {
    return this.handle !== null || this.opening;
  }

  /**
   * Opens the follow unless one is open: the first time with the last {@link SIM_EVENTS_RECENT}
   * lines of history, after that from the last line read.
   */
  async open(port: DockerPort, tty: boolean): Promise<void> {
    if (this.following || this.closedForGood) {
      return;
    }
    this.opening = true;
    try {
      const redact = await port.outputRedactor(this.id);
      const demux = new LogDemuxer(tty, SIM_EVENT_MAX_LINE_BYTES);
      const since = this.resume.lastAt;
      this.resume.reopen();
      let cut = 0;
      const read = (lines: ReturnType<LogDemuxer['push']>): void => {
        if (demux.cutLines > cut) {
          this.tally.addCut(demux.cutLines - cut);
          cut = demux.cutLines;
        }
        this.read(lines, redact);
      };
      const handle = await port.followLogs(
        this.id,
        {
          stdout: this.output !== 'stderr',
          stderr: this.output !== 'stdout',
          ...(since ? { since: epochSeconds(since) } : { tail: SIM_EVENTS_RECENT }),
        },
        {
          onData: (chunk) => read(demux.push(chunk)),
          onClose: () => {
            read(demux.flush());
            this.handle = null;
            this.sink.closed(this.id);
          },
        },
      );
      if (this.closedForGood) {
        handle.close();
      } else {
        this.handle = handle;
      }
    } finally {
      this.opening = false;
    }
  }

  /** Stops for good (the container is gone, or the server stops). */
  close(): void {
    this.closedForGood = true;
    this.handle?.close();
    this.handle = null;
  }

  private read(lines: ReturnType<LogDemuxer['push']>, redact: (text: string) => string): void {
    const out: SimEvent[] = [];
    for (const line of lines) {
      const at = line.at ?? new Date().toISOString();
      if (!this.resume.admit(at)) {
        continue;
      }
      const e = parseSimEvent(redact(line.text), at, this.seq + 1, this.typeKeys);
      if (e) {
        this.seq = e.seq;
        this.tally.add(e);
        this.recent.push(e);
        out.push(e);
      }
    }
    if (out.length > 0) {
      this.sink.events(this.id, out);
    }
  }
}
