/**
 * One task's lines out of its service's log stream. The manager multiplexes every task of the
 * service in frames (8-byte header: stream, 3 zero bytes, big-endian length), each line
 * `<time> <details> <text>` where details carry `com.docker.swarm.task.id=<id>`. This keeps the
 * task's own lines and hands them on as a container's log stream reads — `<time> <text>` frames —
 * so everything that reads container logs reads a task's the same way. Chunks may cut frames anywhere.
 */
export class TaskLogFilter {
  private pending: Buffer = Buffer.alloc(0);
  private readonly marker: string;

  constructor(taskId: string) {
    this.marker = `com.docker.swarm.task.id=${taskId}`;
  }

  push(chunk: Buffer): Buffer {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    const out: Buffer[] = [];
    while (this.pending.length >= 8) {
      const size = this.pending.readUInt32BE(4);
      if (this.pending.length < 8 + size) {
        break;
      }
      const kept = this.keep(this.pending.subarray(8, 8 + size).toString('utf8'));
      if (kept !== null) {
        out.push(frame(this.pending[0], kept));
      }
      this.pending = this.pending.subarray(8 + size);
    }
    return Buffer.concat(out);
  }

  private keep(line: string): string | null {
    const first = line.indexOf(' ');
    const second = first < 0 ? -1 : line.indexOf(' ', first + 1);
    const details = line.slice(first + 1, second < 0 ? undefined : second);
    if (first < 0 || !details.split(',').includes(this.marker)) {
      return null;
    }
    return `${line.slice(0, first)} ${second < 0 ? '' : line.slice(second + 1)}`;
  }
}

/** One multiplexed frame. */
export function frame(stream: number, text: string): Buffer {
  const body = Buffer.from(text, 'utf8');
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(body.length, 4);
  return Buffer.concat([header, body]);
}
