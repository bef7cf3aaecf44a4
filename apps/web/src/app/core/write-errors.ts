import { SimscopeApiError } from '@simscope/contracts';

/** One sentence for a failed write, the same on every form: a missing token says where to set it. */
export function describeWriteError(err: unknown, what = 'Failed'): string {
  if (err instanceof SimscopeApiError && err.status === 401) {
    return 'This server needs the write token for that (set it with the token button above).';
  }
  if (err instanceof SimscopeApiError && err.status === 429) {
    return 'Too many writes just now; try again in a moment.';
  }
  return `${what}: ${err instanceof Error ? err.message : String(err)}`;
}
