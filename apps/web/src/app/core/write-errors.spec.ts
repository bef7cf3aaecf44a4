import { SimscopeApiError } from '@simscope/contracts';
import { describeWriteError } from './write-errors';

describe('describeWriteError', () => {
  it.each<[unknown, string]>([
    [new SimscopeApiError(401, null), 'needs the write token'],
    [new SimscopeApiError(429, null), 'Too many writes'],
    [
      new SimscopeApiError(500, { statusCode: 500, error: 'Internal', message: 'boom' }),
      'Failed: 500 Internal: boom',
    ],
    [new Error('Failed to fetch'), 'Failed: Failed to fetch'],
    ['odd', 'Failed: odd'],
  ])('%p → %p', (err, text) => {
    expect(describeWriteError(err)).toContain(text);
  });
});
