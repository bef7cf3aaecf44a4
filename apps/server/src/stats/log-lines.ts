import type { LogLine, LogStream } from '@simscope/contracts';
import stripAnsi from 'strip-ansi';

/** Other control characters a terminal would act on (tab stays). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/g;
const TIMESTAMP = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z) /;

/** One line as the console may show it: no escape sequences, no control characters. */
export function cleanLine(stream: LogStream, raw: string): LogLine {
  const m = TIMESTAMP.exec(raw);
  const text = m ? raw.slice(m[0].length) : raw;
  return {
    stream,
    at: m ? m[1] : null,
    text: stripAnsi(text).replace(/\r$/, '').replace(CONTROL, ''),
  };
}

/**
 * Splits Docker's log stream into lines. Without a TTY the engine multiplexes stdout and stderr in
 * frames (an 8-byte header: stream, 3 zero bytes, big-endian length); with one it sends raw text.
 * Chunks may cut frames and lines anywhere; push() keeps the rest for the next chunk.
 */
export class LogDemuxer {
  private pending: Buffer = Buffer.alloc(0);
  private readonly partial: Record<LogStream, string> = { stdout: '', stderr: '' };
  /** Streams whose current line went over `maxLine`: the rest of it is dropped. */
  private readonly overflow: Record<LogStream, boolean> = { stdout: false, stderr: false };
  /** Lines cut at `maxLine` characters so far. */
  cutLines = 0;

  /** `maxLine`: longer lines are cut there (and counted), so one endless line cannot grow memory. */
  constructor(
    private readonly tty: boolean,
    private readonly maxLine = Infinity,
  ) {}

  push(chunk: Buffer): LogLine[] {
    if (this.tty) {
      return this.text('stdout', chunk.toString('utf8'));
    }
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    const lines: LogLine[] = [];
    while (this.pending.length >= 8) {
      const size = this.pending.readUInt32BE(4);
      if (this.pending.length < 8 + size) {
        break;
      }
      const stream: LogStream = this.pending[0] === 2 ? 'stderr' : 'stdout';
      lines.push(...this.text(stream, this.pending.subarray(8, 8 + size).toString('utf8')));
      this.pending = this.pending.subarray(8 + size);
    }
    return lines;
  }

  /** Lines still waiting for their newline (at the end of a finite answer). */
  flush(): LogLine[] {
    const out: LogLine[] = [];
    for (const stream of ['stdout', 'stderr'] as const) {
      if (this.partial[stream]) {
        out.push(cleanLine(stream, this.partial[stream]));
        this.partial[stream] = '';
      }
    }
    return out;
  }

  private text(stream: LogStream, text: string): LogLine[] {
    const parts = (this.partial[stream] + text).split('\n');
    this.partial[stream] = parts.pop() ?? '';
    const lines: LogLine[] = [];
    for (const p of parts) {
      if (this.overflow[stream]) {
        // The end of a line already cut: its head went out when it crossed the cap.
        this.overflow[stream] = false;
        continue;
      }
      lines.push(cleanLine(stream, this.cut(p)));
    }
    if (this.partial[stream].length > this.maxLine) {
      if (!this.overflow[stream]) {
        lines.push(cleanLine(stream, this.cut(this.partial[stream])));
        this.overflow[stream] = true;
      }
      this.partial[stream] = '';
    }
    return lines;
  }

  private cut(line: string): string {
    if (line.length <= this.maxLine) {
      return line;
    }
    this.cutLines++;
    return line.slice(0, this.maxLine);
  }
}
