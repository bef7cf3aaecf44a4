import { frame, TaskLogFilter } from './task-logs.js';

const details = (task: string) =>
  `com.docker.swarm.node.id=n1,com.docker.swarm.service.id=s1,com.docker.swarm.task.id=${task}`;
const line = (stream: number, task: string, text: string) =>
  frame(stream, `2026-11-23T12:00:00.000000001Z ${details(task)} ${text}\n`);

function frames(buf: Buffer): [number, string][] {
  const out: [number, string][] = [];
  for (let at = 0; at < buf.length;) {
    const size = buf.readUInt32BE(at + 4);
    out.push([buf[at], buf.subarray(at + 8, at + 8 + size).toString()]);
    at += 8 + size;
  }
  return out;
}

describe('TaskLogFilter', () => {
  const stream = Buffer.concat([
    line(1, 'aaa', 'one'),
    line(2, 'bbb', 'other task'),
    line(2, 'aaa', 'two on stderr'),
    line(1, 'aaabbb', 'a task id that starts the same'),
    line(1, 'aaa', 'spaces  kept  as printed'),
  ]);

  it.each([
    ['in one chunk', [stream]],
    [
      'cut inside a header and inside a body',
      [stream.subarray(0, 5), stream.subarray(5, 90), stream.subarray(90)],
    ],
    ['a byte at a time', [...stream].map((b) => Buffer.from([b]))],
  ])('keeps only its task’s lines, details removed, %s', (_, chunks) => {
    const sut = new TaskLogFilter('aaa');
    const out = Buffer.concat(chunks.map((c) => sut.push(c)));

    expect(frames(out)).toEqual([
      [1, '2026-11-23T12:00:00.000000001Z one\n'],
      [2, '2026-11-23T12:00:00.000000001Z two on stderr\n'],
      [1, '2026-11-23T12:00:00.000000001Z spaces  kept  as printed\n'],
    ]);
  });

  it('drops lines without details', () => {
    expect(new TaskLogFilter('aaa').push(frame(1, 'no-details-here'))).toHaveLength(0);
  });
});
