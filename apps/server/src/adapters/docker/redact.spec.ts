import { MASK, maskableValues, redact } from './redact.js';

describe('maskableValues', () => {
  it('keeps values of 8+ characters, not names, not PATH-like plain variables, longest first', () => {
    expect(
      maskableValues([
        'API_KEY=sk-live-1234567890',
        'TOKEN=sk-live-1234567890-extended',
        'MODE=prod',
        'PATH=/usr/local/sbin:/usr/local/bin',
        'HOSTNAME=c81bb37e5aec',
        'EMPTY=',
        'NOVALUE',
        'DUP=sk-live-1234567890',
      ]),
    ).toEqual(['sk-live-1234567890-extended', 'sk-live-1234567890']);
  });
  it('copes with no environment', () => {
    expect(maskableValues(undefined)).toEqual([]);
  });
});

describe('redact', () => {
  const values = maskableValues(['A=hunter2hunter2', 'B=hunter2hunter2-and-more']);
  it.each([
    ['nothing to mask', 'probe ok', 'probe ok'],
    ['one value', 'token=hunter2hunter2 rejected', `token=${MASK} rejected`],
    ['twice', 'hunter2hunter2/hunter2hunter2', `${MASK}/${MASK}`],
    ['the longer value whole', 'x hunter2hunter2-and-more y', `x ${MASK} y`],
  ])('%s', (_, text, expected) => {
    expect(redact(text, values)).toBe(expected);
  });
});
