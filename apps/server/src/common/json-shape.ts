/** How deeply a request body (or socket message) may nest; none of ours needs more than 4. */
export const MAX_JSON_DEPTH = 32;

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const wellFormed = (s: string): boolean => !LONE_SURROGATE.test(s);

export interface ShapeProblem {
  /** Where, as `a.b[2].c` ('' for the body itself). */
  path: string;
  message: string;
}

/**
 * Finds what no DTO should have to see: nesting deeper than `maxDepth` (class-transformer recurses
 * and overflows the stack on thousands of levels) and strings or keys with a lone UTF-16 surrogate
 * (not text; stored, they corrupt the record for every reader). Iterative, so depth costs no stack.
 */
export function jsonShapeProblem(value: unknown, maxDepth = MAX_JSON_DEPTH): ShapeProblem | null {
  const stack: [unknown, string, number][] = [[value, '', 0]];
  // Parsed JSON has no cycles, but nothing else reaching a pipe should hang it.
  const seen = new WeakSet<object>();
  while (stack.length > 0) {
    const [v, path, depth] = stack.pop() as [unknown, string, number];
    if (typeof v === 'string') {
      if (!wellFormed(v)) {
        return { path, message: `${path || 'body'} contains a lone surrogate (not valid text)` };
      }
      continue;
    }
    if (typeof v !== 'object' || v === null) {
      continue;
    }
    if (seen.has(v)) {
      continue;
    }
    seen.add(v);
    if (depth >= maxDepth) {
      return { path, message: `${path || 'body'} nests deeper than ${maxDepth} levels` };
    }
    if (Array.isArray(v)) {
      v.forEach((item, i) => stack.push([item, `${path}[${i}]`, depth + 1]));
      continue;
    }
    for (const [key, item] of Object.entries(v)) {
      const at = path ? `${path}.${key}` : key;
      if (!wellFormed(key)) {
        return { path: at, message: `a key in ${path || 'body'} contains a lone surrogate` };
      }
      stack.push([item, at, depth + 1]);
    }
  }
  return null;
}
