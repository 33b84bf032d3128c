// The cursors of the staff lists' pages (lists.ts): the sort, its order and the keys of the row a
// page starts after or before, as an opaque text the client sends back.
import type { ListCursor } from '../rules/lists.ts'

/** The opaque text of a cursor (base64url of its JSON). */
export function encodeCursor(cursor: ListCursor): string {
  return Buffer.from(JSON.stringify([cursor.sort, cursor.order, cursor.keys])).toString('base64url')
}

/** A cursor read back, or null when the text is not one (altered, truncated, of another form). */
export function decodeCursor(text: string): ListCursor | null {
  let value: unknown
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'))
  } catch {
    return null
  }
  if (!Array.isArray(value) || value.length !== 3) return null
  const [sort, order, keys] = value as unknown[]
  if (typeof sort !== 'string' || (order !== 'asc' && order !== 'desc')) return null
  if (!Array.isArray(keys) || keys.length < 2 || keys.length > 4) return null
  const valid = keys.every(
    (k) =>
      (typeof k === 'string' && k.length <= 400) || (typeof k === 'number' && Number.isFinite(k)),
  )
  return valid ? { sort, order, keys: keys as (string | number)[] } : null
}
