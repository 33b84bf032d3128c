// The state of a staff list (filters, sort, page, rows), kept in the page's address so that the
// way back and a reload find the list as it was; loaded from the server, exported through it.
// Pages are read by keyset: the server gives the cursors of the pages before and after the one
// shown (opaque texts), and the list asks for the first page, the last, or the one next to a
// cursor; a family added meanwhile shifts no page.
import { onBeforeUnmount, reactive, ref, watch, type Ref } from 'vue'
import { onBeforeRouteLeave, useRoute, useRouter, type LocationQuery } from 'vue-router'
import type { ExportFormat, ListColumn, ListPage, SortOrder } from '../../db/rules/lists.ts'
import { failureOf, type Download } from '../../extranet/api/http.ts'

type Filters = Record<string, string>

export interface ListSource<Row, Sort extends string> {
  /** The list's columns: those that sort, and their headings. */
  columns: readonly ListColumn<Sort>[]
  /** The filters and their values when nothing is asked ('' : no filter). */
  filters: Filters
  pageSize?: number
  load(query: Query<Sort>): Promise<ListPage<Row>>
  download(
    query: Omit<Query<Sort>, keyof PagePosition | 'pageSize'> & { format: ExportFormat },
  ): Promise<Download>
}

/** Where the page shown starts: after or before a cursor, at the end; none: the first page. */
export interface PagePosition {
  after?: string | undefined
  before?: string | undefined
  last?: boolean | undefined
}

/** What the server is asked: the filters (empty ones left out), the sort, the page. */
export type Query<Sort extends string> = Record<string, string | number | boolean | undefined> &
  PagePosition & {
    sort?: Sort | undefined
    order?: SortOrder | undefined
    pageSize: number
  }

/** The four ways through a list's pages. */
export type PageMove = 'first' | 'previous' | 'next' | 'last'

export interface ListState<Row = unknown, Sort extends string = string> {
  columns: readonly ListColumn<Sort>[]
  filters: Filters
  sort: Ref<Sort | undefined>
  order: Ref<SortOrder>
  /** Where the page shown starts. */
  position: Ref<PagePosition>
  pageSize: Ref<number>
  items: Ref<Row[]>
  /** How many rows the whole list holds (« 1 248 familles »). */
  total: Ref<number>
  /** The cursors of the pages before and after the one shown (null at either end). */
  previous: Ref<string | null>
  next: Ref<string | null>
  loading: Ref<boolean>
  error: Ref<string | null>
  /** Sorts on a column; a second click on it reverses the order. */
  sortBy(key: Sort): void
  setFilter(key: string, value: string): void
  /** Shows the first, previous, next or last page. */
  goTo(move: PageMove): void
  setPageSize(size: number): void
  reload(): Promise<void>
  /** Asks the server for the export of the whole list as filtered and sorted, and saves it. */
  exportAs(format: ExportFormat): Promise<void>
  /** The address's query of the list as it stands. */
  query(): Record<string, string>
}

/** The order of a list on one of its columns: null when the list is not sorted on it. */
export function orderOn(
  key: string,
  sort: string | null | undefined,
  order: 'asc' | 'desc',
): 'asc' | 'desc' | null {
  return sort === key ? order : null
}

/** A heading's aria-sort: its order when the list is sorted on it, "none" when it could be. */
export function ariaSort(
  order: 'asc' | 'desc' | null,
  sortable: boolean,
): 'ascending' | 'descending' | 'none' | undefined {
  if (order) return order === 'asc' ? 'ascending' : 'descending'
  return sortable ? 'none' : undefined
}

/** Saves a downloaded file through the browser's (or Electron's) own download. */
export function saveDownload(file: Download): void {
  const url = URL.createObjectURL(file.blob)
  const link = document.createElement('a')
  link.href = url
  link.download = file.filename
  document.body.append(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

const text = (query: LocationQuery, key: string) =>
  typeof query[key] === 'string' ? query[key] : undefined

export function useList<Row, Sort extends string>(
  source: ListSource<Row, Sort>,
): ListState<Row, Sort> {
  const route = useRoute()
  const router = useRouter()
  const sortable = (key: string | undefined): key is Sort =>
    source.columns.some((c) => c.key === key && c.sortable)
  const asked = route.query
  const filters = reactive<Filters>(
    Object.fromEntries(
      Object.entries(source.filters).map(([key, value]) => [key, text(asked, key) ?? value]),
    ),
  )
  const askedSort = text(asked, 'tri')
  const sort = ref<Sort | undefined>(sortable(askedSort) ? askedSort : undefined) as Ref<
    Sort | undefined
  >
  const order = ref<SortOrder>(text(asked, 'ordre') === 'desc' ? 'desc' : 'asc')
  const position = ref<PagePosition>(
    text(asked, 'apres')
      ? { after: text(asked, 'apres') }
      : text(asked, 'avant')
        ? { before: text(asked, 'avant') }
        : text(asked, 'fin')
          ? { last: true }
          : {},
  )
  const pageSize = ref(source.pageSize ?? 25)
  const items = ref<Row[]>([]) as Ref<Row[]>
  const total = ref(0)
  const previous = ref<string | null>(null)
  const next = ref<string | null>(null)
  const loading = ref(false)
  const error = ref<string | null>(null)

  const params = () => ({
    ...Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== '')),
    sort: sort.value,
    order: sort.value ? order.value : undefined,
  })

  function query(): Record<string, string> {
    const q: Record<string, string> = {}
    for (const [key, value] of Object.entries(filters)) if (value !== '') q[key] = value
    if (sort.value) Object.assign(q, { tri: sort.value, ordre: order.value })
    const at = position.value
    if (at.after) q['apres'] = at.after
    else if (at.before) q['avant'] = at.before
    else if (at.last) q['fin'] = '1'
    return q
  }

  let requestNumber = 0
  async function reload(): Promise<void> {
    const mine = ++requestNumber
    loading.value = true
    error.value = null
    void router.replace({ query: query() })
    try {
      const result = await source.load({
        ...params(),
        ...position.value,
        pageSize: pageSize.value,
      })
      if (mine !== requestNumber) return // a newer request has been sent since
      items.value = result.items
      total.value = result.total
      previous.value = result.previous
      next.value = result.next
    } catch (err) {
      if (mine === requestNumber) error.value = failureOf(err).message
    } finally {
      if (mine === requestNumber) loading.value = false
    }
  }

  // Typing in a filter waits a little before asking; the other changes ask at once.
  let timer: ReturnType<typeof setTimeout> | undefined
  watch(filters, () => {
    clearTimeout(timer)
    timer = setTimeout(firstPage, 200)
  })
  onBeforeUnmount(() => clearTimeout(timer))
  // A search still waiting must not pull the secretary back to the list once they leave it.
  onBeforeRouteLeave(() => clearTimeout(timer))
  watch([position, pageSize], () => void reload())
  /** Back to the first page (which loads the list). */
  function firstPage(): void {
    position.value = {}
  }

  function goTo(move: PageMove): void {
    if (move === 'first') position.value = {}
    else if (move === 'last') position.value = { last: true }
    else if (move === 'previous' && previous.value) position.value = { before: previous.value }
    else if (move === 'next' && next.value) position.value = { after: next.value }
  }

  function sortBy(key: Sort): void {
    order.value = sort.value === key && order.value === 'asc' ? 'desc' : 'asc'
    sort.value = key
    firstPage()
  }

  async function exportAs(format: ExportFormat): Promise<void> {
    error.value = null
    try {
      saveDownload(await source.download({ ...params(), format }))
    } catch (err) {
      error.value = failureOf(err).message
    }
  }

  void reload()
  return {
    columns: source.columns,
    filters,
    sort,
    order,
    position,
    pageSize,
    items,
    total,
    previous,
    next,
    loading,
    error,
    sortBy,
    setFilter: (key, value) => (filters[key] = value),
    goTo,
    setPageSize: (n) => {
      pageSize.value = n
      position.value = {}
    },
    reload,
    exportAs,
    query,
  }
}
