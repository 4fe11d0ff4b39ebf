/** Splitting OData and HTTP header text on a separator that may also stand inside quotes or brackets. */

/**
 * Splits `text` on `separator` where it stands outside text quoted with `quote` and, with `brackets`,
 * outside parentheses and square brackets. The parts come back as they are, untrimmed.
 */
export function splitOutside(text: string, separator: string, quote: string, brackets = false): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let current = '';
  for (const c of text) {
    if (c === quote) quoted = !quoted;
    else if (brackets && !quoted && (c === '(' || c === '[')) depth += 1;
    else if (brackets && !quoted && (c === ')' || c === ']')) depth -= 1;
    if (c === separator && depth === 0 && !quoted) {
      parts.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  parts.push(current);
  return parts;
}

/** Splits on `separator` outside parentheses, brackets and quoted strings; trimmed, without empty parts. */
export function splitTopLevel(text: string, separator: string): string[] {
  return withoutBlanks(splitOutside(text, separator, "'", true));
}

/** The parts trimmed, without the empty ones. */
export function withoutBlanks(parts: readonly string[]): string[] {
  return parts.map((part) => part.trim()).filter((part) => part !== '');
}
