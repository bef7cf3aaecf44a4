// Fails the build when the console's initial JavaScript exceeds its gzipped budget.
// Angular's own budgets measure raw bytes; what users wait for is the compressed transfer.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const LIMIT_BYTES = 250 * 1024;
const dist = join(import.meta.dirname, '..', 'dist', 'browser');
const html = readFileSync(join(dist, 'index.html'), 'utf8');
// Initial = the module entry scripts and what index.html preloads with them.
const files = [
  ...html.matchAll(/<script[^>]*\bsrc="([^"]+\.js)"/g),
  ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+\.js)"/g),
].map((m) => m[1]);
if (files.length === 0) {
  console.error('check-initial-size: no initial scripts found in dist/browser/index.html');
  process.exit(1);
}
let total = 0;
for (const file of new Set(files)) {
  const gz = gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
  total += gz;
  console.log(`  ${file.padEnd(28)} ${(gz / 1024).toFixed(1).padStart(7)} KB gzipped`);
}
const verdict = total <= LIMIT_BYTES ? 'ok' : 'OVER BUDGET';
console.log(
  `initial JavaScript: ${(total / 1024).toFixed(1)} KB gzipped of ${LIMIT_BYTES / 1024} KB — ${verdict}`,
);
process.exit(total <= LIMIT_BYTES ? 0 : 1);
