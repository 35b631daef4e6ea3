/**
 * argparse's "Invalid choice" message as the AWS CLI words it: every choice in two 40-wide columns,
 * then the close matches (difflib.get_close_matches, cutoff 0.8) when there are any.
 */

export function invalidChoiceMessage(argument: string, value: string, choices: string[]): string {
  const lines = ["Invalid choice, valid choices are:\n"];
  for (let i = 0; i < choices.length; i += 2) {
    lines.push(
      choices
        .slice(i, i + 2)
        .map((c) => c.padEnd(40))
        .join(" | "),
    );
  }
  const close = closeMatches(value, choices);
  if (close.length) {
    lines.push(`\n\nInvalid choice: ${pythonQuote(value)}, maybe you meant:\n`);
    for (const word of close) lines.push(`  * ${word}`);
  }
  return `argument ${argument}: ${lines.join("\n")}`;
}

function pythonQuote(s: string): string {
  return s.includes("'") && !s.includes('"') ? `"${s}"` : `'${s.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;
}

/** difflib.get_close_matches(word, possibilities, n=3, cutoff=0.8), best first. */
export function closeMatches(word: string, possibilities: string[], n = 3, cutoff = 0.8): string[] {
  return possibilities
    .map((candidate) => ({ candidate, score: ratio(candidate, word) }))
    .filter((m) => m.score >= cutoff)
    .sort((a, b) => b.score - a.score || (a.candidate < b.candidate ? 1 : a.candidate > b.candidate ? -1 : 0))
    .slice(0, n)
    .map((m) => m.candidate);
}

/** SequenceMatcher(None, a, b).ratio(): 2·matches / (len a + len b), Ratcliff/Obershelp matching. */
export function ratio(a: string, b: string): number {
  const total = a.length + b.length;
  return total === 0 ? 1 : (2 * matchingCharacters(a, b)) / total;
}

function matchingCharacters(a: string, b: string): number {
  if (!a.length || !b.length) return 0;
  let bestI = 0;
  let bestJ = 0;
  let bestSize = 0;
  for (let i = 0; i < a.length; i++) {
    for (let j = 0; j < b.length; j++) {
      let k = 0;
      while (i + k < a.length && j + k < b.length && a[i + k] === b[j + k]) k++;
      if (k > bestSize) {
        bestI = i;
        bestJ = j;
        bestSize = k;
      }
    }
  }
  if (bestSize === 0) return 0;
  return (
    bestSize +
    matchingCharacters(a.slice(0, bestI), b.slice(0, bestJ)) +
    matchingCharacters(a.slice(bestI + bestSize), b.slice(bestJ + bestSize))
  );
}
