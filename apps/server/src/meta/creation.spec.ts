import type { RunStatus } from '@simscope/contracts';
import { statusPath, titleFromText } from './creation.js';

describe('titleFromText', () => {
  it.each([
    ['one line', 'disk full on gpu-2', 'disk full on gpu-2'],
    ['the first line of several', 'OOM at step 40\nstack: ...', 'OOM at step 40'],
    [
      'skipping blank and invisible lines',
      '\n  \n\u200b\n  loss went NaN  \nmore',
      'loss went NaN',
    ],
    ['Windows line ends', 'a\r\nb', 'a'],
    ['cut to 160 with an ellipsis', 'x'.repeat(200), `${'x'.repeat(159)}…`],
    ['exactly 160 kept whole', 'y'.repeat(160), 'y'.repeat(160)],
    ['nothing visible', ' \n\t', ''],
  ])('%s', (_, text, expected) => {
    expect(titleFromText(text)).toBe(expected);
  });
});

describe('statusPath', () => {
  it.each<[RunStatus, RunStatus[]]>([
    ['planned', []],
    ['running', ['running']],
    ['cancelled', ['cancelled']],
    ['completed', ['running', 'completed']],
    ['failed', ['running', 'failed']],
  ])('planned → %s', (to, expected) => {
    expect(statusPath(to)).toEqual(expected);
  });

  it('refuses a status that cannot be reached', () => {
    expect(() => statusPath('running', 'completed')).toThrow(/cannot be reached/);
  });
});
