import { HttpException } from '@nestjs/common';
import { TailGate } from './tail-gate.js';

describe('TailGate', () => {
  it('lets a few tails per client and overall run at once, refuses the rest with 429, frees on finish', async () => {
    const sut = new TailGate(2, 3);
    const gates: (() => void)[] = [];
    const slow = () => new Promise<string>((resolve) => gates.push(() => resolve('ok')));
    const outcome = (p: Promise<string>) =>
      p.then(
        (v) => v,
        (e: unknown) => (e instanceof HttpException ? String(e.getStatus()) : 'other'),
      );

    const a1 = outcome(sut.run('a', slow));
    const a2 = outcome(sut.run('a', slow));
    const a3 = outcome(sut.run('a', slow)); // third for a: per-client cap
    const b1 = outcome(sut.run('b', slow));
    const c1 = outcome(sut.run('c', slow)); // fourth overall: total cap
    await expect(a3).resolves.toBe('429');
    await expect(c1).resolves.toBe('429');

    gates.forEach((open) => open());
    await expect(Promise.all([a1, a2, b1])).resolves.toEqual(['ok', 'ok', 'ok']);
    await expect(sut.run('a', () => Promise.resolve('again'))).resolves.toBe('again');
  });

  it('frees its slot when the work fails', async () => {
    const sut = new TailGate(1, 1);
    await expect(sut.run('a', () => Promise.reject(new Error('docker')))).rejects.toThrow('docker');
    await expect(sut.run('a', () => Promise.resolve('ok'))).resolves.toBe('ok');
  });

  it('counts a release once, however often it is called', () => {
    const sut = new TailGate(1, 1);
    const release = sut.acquire('a');
    release();
    release();
    const again = sut.acquire('a');
    expect(() => sut.acquire('b')).toThrow(HttpException);
    again();
  });
});
