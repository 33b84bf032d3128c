// SQLite binds at most 32 766 values in one statement: a list of ids that can be as long as the
// conservatoire's families (a billing run's selection on the 100 000-family demo) is sent in parts.

/** How many values a `whereIn` of a long list binds at once. */
export const IN_CHUNK = 500

/** `items` in parts of `size` (the last one shorter). */
export function chunks<T>(items: readonly T[], size = IN_CHUNK): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) =>
    items.slice(i * size, (i + 1) * size),
  )
}
