/**
 * The path patterns of fault rules: the text matches itself exactly, except that each `*`
 * matches any run of characters (including `/` and none). Matching is a left-to-right scan for the
 * literal parts, without backtracking, so its cost is bounded by the lengths involved whatever
 * the pattern (user input is never compiled into a regular expression).
 */
export interface PathPattern {
  readonly source: string;
  test(path: string): boolean;
}

/** At most this many characters in a pattern. */
export const MAX_PATTERN_LENGTH = 512;

/** Characters that would make a pattern look like a regular expression; refused to avoid surprises. */
const REGEX_SYNTAX = /[\\^$()[\]{}|+?]/;

/** Why `source` is not a valid path pattern, or undefined when it is. */
export function patternProblem(source: string): string | undefined {
  if (source.length === 0 || source.length > MAX_PATTERN_LENGTH) {
    return `path must be 1 to ${MAX_PATTERN_LENGTH} characters`;
  }
  if (REGEX_SYNTAX.test(source)) {
    return 'path is an exact path where * matches any characters (e.g. /v1/vm/instance/*); regular expressions are not supported';
  }
  return undefined;
}

export function compilePattern(source: string): PathPattern {
  const problem = patternProblem(source);
  if (problem) throw new TypeError(problem);
  // Consecutive stars mean the same as one.
  const parts = source.split('*');
  if (parts.length === 1) return { source, test: (path) => path === source };
  const head = parts[0]!;
  const tail = parts[parts.length - 1]!;
  const middle = parts.slice(1, -1).filter((p) => p !== '');
  return {
    source,
    test(path: string): boolean {
      if (path.length < head.length + tail.length) return false;
      if (!path.startsWith(head) || !path.endsWith(tail)) return false;
      // Each middle part at its leftmost place after the previous one: leftmost is always best.
      let at = head.length;
      const end = path.length - tail.length;
      for (const part of middle) {
        const found = path.indexOf(part, at);
        if (found === -1 || found + part.length > end) return false;
        at = found + part.length;
      }
      return true;
    },
  };
}
