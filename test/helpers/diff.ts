/** A unified diff of the first lines that differ, for readable golden failures. */
export function firstDifference(expected: string, actual: string, context = 3, maxLines = 20): string {
  const a = expected.split('\n');
  const b = actual.split('\n');
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (i === a.length && i === b.length) return '';
  const start = Math.max(0, i - context);
  const out = [`@@ -${start + 1} +${start + 1} @@ (first difference at line ${i + 1})`];
  for (let k = start; k < i; k++) out.push(` ${a[k]}`);
  for (let k = i; k < Math.min(a.length, i + maxLines / 2); k++) out.push(`-${a[k]}`);
  for (let k = i; k < Math.min(b.length, i + maxLines / 2); k++) out.push(`+${b[k]}`);
  return out.join('\n');
}
