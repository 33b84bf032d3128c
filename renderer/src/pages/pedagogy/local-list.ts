// The state of a Pédagogie list held whole in the page (a few dozen rows: disciplines, teachers,
// cursus, school years): a text filter, the archived rows hidden unless asked, a sort on a
// column (a second click reverses it), in French order.
import { computed, ref, type Ref } from 'vue'

export interface LocalColumn<Row> {
  key: string
  title: string
  /** What the column sorts on; none: the column does not sort. */
  sortBy?: (row: Row) => string | number
}

export interface LocalList<Row> {
  columns: readonly LocalColumn<Row>[]
  query: Ref<string>
  showArchived: Ref<boolean>
  sort: Ref<string | null>
  order: Ref<'asc' | 'desc'>
  sortBy(key: string): void
  /** The rows as shown: filtered, then sorted. */
  shown: Ref<Row[]>
}

const collator = new Intl.Collator('fr', { sensitivity: 'base', numeric: true })

/** Lower case, without accents: « Éveil » is found by « eveil ». */
export const folded = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()

export function useLocalList<Row>(options: {
  rows: Ref<Row[]>
  columns: readonly LocalColumn<Row>[]
  /** The text a row is searched in. */
  text: (row: Row) => string
  archived: (row: Row) => boolean
  /** The page's other filters (a department, a discipline). */
  keep?: (row: Row) => boolean
}): LocalList<Row> {
  const query = ref('')
  const showArchived = ref(false)
  const sort = ref<string | null>(null)
  const order = ref<'asc' | 'desc'>('asc')

  function sortBy(key: string): void {
    order.value = sort.value === key && order.value === 'asc' ? 'desc' : 'asc'
    sort.value = key
  }

  const shown = computed(() => {
    const words = folded(query.value).split(/\s+/).filter(Boolean)
    const rows = options.rows.value.filter(
      (row) =>
        (showArchived.value || !options.archived(row)) &&
        (options.keep?.(row) ?? true) &&
        words.every((w) => folded(options.text(row)).includes(w)),
    )
    const key = options.columns.find((c) => c.key === sort.value)?.sortBy
    if (!key) return rows
    const sign = order.value === 'desc' ? -1 : 1
    return [...rows].sort((a, b) => {
      const [x, y] = [key(a), key(b)]
      const first =
        typeof x === 'number' && typeof y === 'number' ? x - y : collator.compare(`${x}`, `${y}`)
      return sign * first
    })
  })

  return { columns: options.columns, query, showArchived, sort, order, sortBy, shown }
}
