/**
 * Numeric command-line flags of the load scripts, for `parseArgs`: each a string option
 * (parseArgs has no number type) whose default is the number given.
 */
export function numberFlags<K extends string>(
  defaults: Record<K, number>,
): Record<K, { type: 'string'; default: string }> {
  const entries = Object.entries<number>(defaults).map(([name, value]) => [
    name,
    { type: 'string' as const, default: String(value) },
  ]);
  return Object.fromEntries(entries) as Record<K, { type: 'string'; default: string }>;
}
