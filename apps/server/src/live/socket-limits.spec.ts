import type { IncomingMessage } from 'node:http';
import { SocketEventLimiter, originAllowed } from './socket-limits.js';

const req = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;

describe('originAllowed', () => {
  it.each<[string, Record<string, string>, string[], boolean]>([
    ['no Origin (a script)', { host: 'simscope:8080' }, [], true],
    ['the same origin', { host: 'simscope:8080', origin: 'http://simscope:8080' }, [], true],
    [
      'same origin, other case',
      { host: 'SimScope:8080', origin: 'http://simscope:8080' },
      [],
      true,
    ],
    ['same host, other port', { host: 'simscope:8080', origin: 'http://simscope:9000' }, [], false],
    ['another site', { host: 'simscope:8080', origin: 'https://evil.example' }, [], false],
    ['the literal null origin', { host: 'simscope:8080', origin: 'null' }, [], false],
    ['no Host to compare with', { origin: 'http://simscope:8080' }, [], false],
    [
      'an allowed extra origin',
      { host: 'simscope:8080', origin: 'https://console.example.org' },
      ['https://console.example.org'],
      true,
    ],
    [
      'allowed host but other scheme',
      { host: 'simscope:8080', origin: 'http://console.example.org' },
      ['https://console.example.org'],
      false,
    ],
  ])('%s → %p', (_, headers, allowed, ok) => {
    expect(originAllowed(req(headers), allowed)).toBe(ok);
  });
});

describe('SocketEventLimiter', () => {
  it('passes events within the rate, drops beyond it, and closes at five times over', async () => {
    const sut = new SocketEventLimiter(4);
    const verdicts: string[] = [];
    for (let i = 0; i < 22; i++) {
      verdicts.push(await sut.check('s1'));
    }
    expect(verdicts.slice(0, 4)).toEqual(['ok', 'ok', 'ok', 'ok']);
    expect(verdicts.slice(4, 20).every((v) => v === 'drop')).toBe(true);
    expect(verdicts.slice(20)).toEqual(['close', 'close']);
    // Another socket has its own budget.
    await expect(sut.check('s2')).resolves.toBe('ok');
  });
});
