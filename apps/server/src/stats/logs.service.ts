import { Injectable, NotFoundException, type OnApplicationShutdown } from '@nestjs/common';
import {
  DOCKER_LOGS_SCHEMA,
  EVIDENCE_LIMITS,
  type DockerLogsPayload,
  type FollowAck,
  LOGS_MAX_LINES,
  type LogLine,
  type LogsChunk,
  type LogsEnd,
  type LogsQueryDto,
  type SimulationContainer,
} from '@simscope/contracts';
import type { DockerPort } from '../adapters/docker/docker.port.js';
import type { StreamHandle } from '../adapters/docker/docker.types.js';
import { StatsSettings } from '../config/settings.js';
import { EnginePorts, InventoryReader } from '../docker/inventory-reader.js';
import { FailureEvidenceSources } from '../docker/failure-evidence.js';
import { LogDemuxer } from './log-lines.js';

export const LOGS_DEFAULT_TAIL = 200;
/** The REST answer never exceeds this many bytes of text; the oldest lines go first. */
export const LOGS_MAX_BYTES = 256 * 1024;
/** What one tail reads from Docker at most (about; sized from a probe of the newest lines). */
export const LOGS_FETCH_BYTES = 4 * LOGS_MAX_BYTES;
const LOGS_PROBE_LINES = 50;
const BATCH_MS = 100;

export interface LogsFollower {
  chunk(chunk: LogsChunk): void;
  end(end: LogsEnd): void;
}

interface Follower {
  sink: LogsFollower;
  tokens: number;
  refilledAt: number;
  dropped: number;
}

interface Followed {
  followers: Map<string, Follower>;
  handle: StreamHandle | null;
  pending: LogLine[];
  timer: NodeJS.Timeout | null;
}

/** Simulation logs: a capped tail over REST, and one shared follow stream per followed container. */
@Injectable()
export class LogsService implements OnApplicationShutdown {
  private readonly followed = new Map<string, Followed>();

  constructor(
    private readonly inventory: InventoryReader,
    private readonly ports: EnginePorts,
    private readonly settings: StatsSettings,
    evidence: FailureEvidenceSources,
  ) {
    evidence.register({ name: 'logs', collect: async (row) => ({ logLines: await this.lastLines(row.id) }) });
  }

  /**
   * A failed container's last lines for its failure note: at most 50 and 16 KB (the oldest go),
   * its own environment values masked.
   */
  async lastLines(id: string): Promise<LogLine[]> {
    const port = this.portFor(id);
    const [raw, redact, tty] = await Promise.all([
      port.containerLogs(id, { tail: EVIDENCE_LIMITS.logLines, stdout: true, stderr: true }),
      port.outputRedactor(id),
      this.isTty(id),
    ]);
    const demux = new LogDemuxer(tty, EVIDENCE_LIMITS.logBytes);
    const lines = [...demux.push(raw), ...demux.flush()]
      .slice(-EVIDENCE_LIMITS.logLines)
      .map((l) => ({ ...l, text: redact(l.text) }));
    let bytes = lines.reduce((n, l) => n + Buffer.byteLength(l.text), 0);
    while (bytes > EVIDENCE_LIMITS.logBytes && lines.length > 1) {
      bytes -= Buffer.byteLength(lines.shift()?.text ?? '');
    }
    return lines;
  }

  onApplicationShutdown(): void {
    for (const [id, f] of [...this.followed]) {
      this.stop(id, f, 'the server is shutting down');
    }
  }

  /** The read-only port of the engine the container runs on. */
  private portFor(id: string): DockerPort {
    const port = this.ports.portFor(id);
    if (!port) {
      throw new NotFoundException(`No engine runs container ${id}`);
    }
    return port;
  }

  /** A simulation by id, prefix or name; 404 for anything that is not one. */
  simulation(ref: string): SimulationContainer {
    const c = this.inventory.resolve(ref);
    if (!c) {
      throw new NotFoundException(`No simulation container '${ref}'`);
    }
    return c;
  }

  async tail(ref: string, query: LogsQueryDto): Promise<DockerLogsPayload> {
    const c = this.simulation(ref);
    const stream = query.stream ?? 'both';
    const tail = query.tail ?? LOGS_DEFAULT_TAIL;
    const port = this.portFor(c.id);
    const tty = await this.isTty(c.id);
    const since = query.since ? Math.floor(Date.parse(query.since) / 1000) : undefined;
    const read = async (n: number): Promise<{ lines: LogLine[]; bytes: number }> => {
      const raw = await port.containerLogs(c.id, {
        tail: n,
        since,
        stdout: stream !== 'stderr',
        stderr: stream !== 'stdout',
      });
      const demux = new LogDemuxer(tty);
      const lines = [...demux.push(raw), ...demux.flush()];
      return {
        lines: lines.filter((l) => stream === 'both' || l.stream === stream),
        bytes: raw.length,
      };
    };
    // The engine counts `tail` over both streams before it drops the one not asked for, so one
    // stream needs more lines asked. How many is bounded by bytes: a probe of a few lines gives the
    // line size, and the real read asks for no more lines than LOGS_FETCH_BYTES holds.
    const want = stream === 'both' ? tail : Math.min(tail * 4, LOGS_MAX_LINES * 2);
    const probe = await read(Math.min(want, LOGS_PROBE_LINES));
    let lines = probe.lines;
    let capped = false;
    if (want > LOGS_PROBE_LINES && probe.bytes > 0) {
      const perLine = probe.bytes / Math.max(1, probe.lines.length);
      const n = Math.min(want, Math.max(LOGS_PROBE_LINES, Math.floor(LOGS_FETCH_BYTES / perLine)));
      capped = n < want;
      if (n > LOGS_PROBE_LINES) {
        lines = (await read(n)).lines;
      }
    }
    let truncated = capped || lines.length > tail;
    lines = lines.slice(-tail);
    let bytes = lines.reduce((n, l) => n + l.text.length + 40, 0);
    while (bytes > LOGS_MAX_BYTES && lines.length > 0) {
      bytes -= (lines.shift()?.text.length ?? 0) + 40;
      truncated = true;
    }
    return { schema: DOCKER_LOGS_SCHEMA, id: c.id, name: c.name, lines, truncated };
  }

  /** Adds a follower; the first opens the container's log stream (from now on). */
  async follow(ref: string, followerId: string, sink: LogsFollower): Promise<string> {
    const c = this.simulation(ref);
    if (c.state !== 'running') {
      throw new NotFoundException(`${c.name} is not running`);
    }
    const follower: Follower = {
      sink,
      tokens: this.settings.logLinesPerSecond,
      refilledAt: Date.now(),
      dropped: 0,
    };
    const existing = this.followed.get(c.id);
    if (existing) {
      existing.followers.set(followerId, follower);
      return c.id;
    }
    const entry: Followed = {
      followers: new Map([[followerId, follower]]),
      handle: null,
      pending: [],
      timer: null,
    };
    this.followed.set(c.id, entry);
    const demux = new LogDemuxer(await this.isTty(c.id));
    try {
      const handle = await this.portFor(c.id).followLogs(
        c.id,
        { stdout: true, stderr: true, since: Math.floor(Date.now() / 1000) },
        {
          onData: (chunk) => this.queue(c.id, entry, demux.push(chunk)),
          onClose: () => {
            this.queue(c.id, entry, demux.flush());
            if (this.followed.get(c.id) === entry) {
              this.stop(c.id, entry, 'the container stopped');
            }
          },
        },
      );
      if (this.followed.get(c.id) === entry) {
        entry.handle = handle;
      } else {
        handle.close();
      }
    } catch (err) {
      if (this.followed.get(c.id) === entry) {
        this.followed.delete(c.id);
      }
      throw err;
    }
    return c.id;
  }

  /** logs:follow: follows a running simulation, or says why not (never throws at the socket). */
  async followSimulation(ref: string, followerId: string, sink: LogsFollower): Promise<FollowAck> {
    try {
      return { ok: true, id: await this.follow(ref, followerId, sink) };
    } catch (err) {
      return { ok: false, id: ref, error: err instanceof Error ? err.message : String(err) };
    }
  }

  /** logs:unfollow by the same refs follow takes. */
  unfollowSimulation(ref: string, followerId: string): void {
    this.unfollow(this.inventory.resolve(ref)?.id ?? ref, followerId);
  }

  unfollow(id: string, followerId: string): void {
    const f = this.followed.get(id);
    if (!f) {
      return;
    }
    f.followers.delete(followerId);
    if (f.followers.size === 0) {
      this.followed.delete(id);
      if (f.timer) {
        clearTimeout(f.timer);
      }
      f.handle?.close();
    }
  }

  release(followerId: string): void {
    for (const [id, f] of [...this.followed]) {
      if (f.followers.has(followerId)) {
        this.unfollow(id, followerId);
      }
    }
  }

  get followedCount(): number {
    return this.followed.size;
  }

  private queue(id: string, f: Followed, lines: LogLine[]): void {
    if (lines.length === 0) {
      return;
    }
    f.pending.push(...lines);
    f.timer ??= setTimeout(() => this.flush(id, f), BATCH_MS);
  }

  /** One chunk per follower per batch, each within its own rate; the rest is counted as dropped. */
  private flush(id: string, f: Followed): void {
    f.timer = null;
    const lines = f.pending;
    f.pending = [];
    const rate = this.settings.logLinesPerSecond;
    const now = Date.now();
    for (const follower of f.followers.values()) {
      follower.tokens = Math.min(
        rate,
        follower.tokens + ((now - follower.refilledAt) / 1000) * rate,
      );
      follower.refilledAt = now;
      const allowed = Math.min(lines.length, Math.floor(follower.tokens));
      follower.tokens -= allowed;
      follower.dropped += lines.length - allowed;
      if (allowed > 0 || follower.dropped > 0) {
        follower.sink.chunk({ id, lines: lines.slice(0, allowed), dropped: follower.dropped });
        follower.dropped = 0;
      }
    }
  }

  private stop(id: string, f: Followed, reason: string): void {
    if (f.timer) {
      clearTimeout(f.timer);
      this.flush(id, f);
    }
    this.followed.delete(id);
    f.handle?.close();
    for (const follower of f.followers.values()) {
      follower.sink.end({ id, reason });
    }
  }

  private async isTty(id: string): Promise<boolean> {
    const known = this.inventory.tty(id);
    if (known !== null) {
      return known;
    }
    return (
      (
        await this.portFor(id)
          .inspectContainer(id)
          .catch(() => null)
      )?.tty ?? false
    );
  }
}
