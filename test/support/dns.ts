import { createSocket, type Socket } from 'node:dgram';

/**
 * A minimal DNS responder on loopback for the proxy tests: answers A queries from a lookup function
 * (the test asks the engine for a container's address), NXDOMAIN otherwise. It stands in for the
 * embedded DNS Docker runs inside containers, which nginx on the host cannot reach.
 */
export interface TestDns {
  port: number;
  queries: string[];
  close(): Promise<void>;
}

export async function startTestDns(lookup: (name: string) => string | null): Promise<TestDns> {
  const socket: Socket = createSocket('udp4');
  const queries: string[] = [];
  socket.on('message', (msg, rinfo) => {
    const { name, end } = readName(msg, 12);
    queries.push(name);
    const qtype = msg.readUInt16BE(end);
    const ip = qtype === 1 ? lookup(name) : null;
    const question = msg.subarray(12, end + 4);
    const header = Buffer.alloc(12);
    header.writeUInt16BE(msg.readUInt16BE(0), 0); // id
    header.writeUInt16BE(ip ? 0x8180 : 0x8183, 2); // response, recursion available, NOERROR/NXDOMAIN
    header.writeUInt16BE(1, 4); // one question
    header.writeUInt16BE(ip ? 1 : 0, 6); // answers
    const answer = ip
      ? Buffer.concat([
          Buffer.from([0xc0, 0x0c]), // the name, by pointer to the question
          Buffer.from([0, 1, 0, 1, 0, 0, 0, 5, 0, 4]), // A, IN, TTL 5 s, 4 bytes
          Buffer.from(ip.split('.').map(Number)),
        ])
      : Buffer.alloc(0);
    socket.send(Buffer.concat([header, question, answer]), rinfo.port, rinfo.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    port: socket.address().port,
    queries,
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  };
}

function readName(msg: Buffer, offset: number): { name: string; end: number } {
  const labels: string[] = [];
  let i = offset;
  while (msg[i] !== 0) {
    const len = msg[i];
    labels.push(msg.subarray(i + 1, i + 1 + len).toString('ascii'));
    i += len + 1;
  }
  return { name: labels.join('.'), end: i + 1 };
}
