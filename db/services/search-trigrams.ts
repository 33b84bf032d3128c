// Which trigram of a searched word the Familles search asks its index for. The trigram index
// (families_search) answers a word of six letters by reading the lists of its four trigrams whole:
// « martin camille » read those of « mar » and « lle », held by some 3,000 families each, for 15
// families found, most of the search's time. A search now asks the index for the rarest trigram
// of each word only, and checks the few families it gives for the whole words (instr on their
// folded text): the same families, for the cost of the shortest lists.
//
// How many families hold a trigram is read from the index's vocabulary (fts5vocab, migration
// 20261205000000) once per trigram and kept for the connection: a choice made on counts that have
// since moved costs time, never a family found or missed. They are read again after a load of
// many families (the demo, an import: forgetTrigramCounts) and once the families' greatest id has
// moved by a tenth.
import type { Sql } from '../prepared.ts'

/** Counts kept for one connection, and the families' greatest id when the first was read. */
interface Counts {
  families: number
  docs: Map<string, number>
}

const kept = new WeakMap<Sql, Counts>()

/** Counts are all read again past this many trigrams (the names of a conservatoire use some 4,000). */
const MOST_KEPT = 20_000

const HOLDERS = 'SELECT doc FROM families_search_vocabulary WHERE term = ?'
const GREATEST_FAMILY = 'SELECT coalesce(max(id), 0) AS id FROM families'

/** The trigrams of a word (three characters each, as the index cuts them: by code point). */
export function trigramsOf(word: string): string[] {
  const chars = Array.from(word)
  return chars.slice(0, -2).map((_, i) => chars.slice(i, i + 3).join(''))
}

/** The counts of a load of many families are no longer those of the families kept. */
export function forgetTrigramCounts(sql: Sql): void {
  kept.delete(sql)
}

/** What one search knows of the trigram index's counts. */
export interface TrigramCounts {
  /** The trigram of a word (of three characters at least) the fewest families hold (the first
   * of them on a tie), and how many hold it. */
  rarest(word: string): { trigram: string; holders: number }
  /** About how many families there are: the greatest id. */
  families(): number
}

/** The counts of the connection, for the words of one search (read at its first word). */
export function trigramCounts(sql: Sql): TrigramCounts {
  let counts: Counts | undefined
  const known = (): Counts => {
    if (counts) return counts
    const families = sql.get<{ id: number }>(GREATEST_FAMILY)?.id ?? 0
    counts = kept.get(sql)
    if (
      !counts ||
      counts.docs.size > MOST_KEPT ||
      Math.abs(families - counts.families) > counts.families / 10
    ) {
      counts = { families, docs: new Map() }
      kept.set(sql, counts)
    }
    return counts
  }
  const holders = (trigram: string): number => {
    const { docs } = known()
    let n = docs.get(trigram)
    if (n === undefined) {
      n = sql.get<{ doc: number }>(HOLDERS, trigram)?.doc ?? 0
      docs.set(trigram, n)
    }
    return n
  }
  return {
    rarest(word) {
      const [first = word, ...others] = trigramsOf(word)
      let rarest = { trigram: first, holders: holders(first) }
      for (const trigram of others) {
        const n = holders(trigram)
        if (n < rarest.holders) rarest = { trigram, holders: n }
      }
      return rarest
    },
    families: () => known().families,
  }
}

/**
 * What to ask the trigram index (FTS5 MATCH) for the words of a search: the rarest trigram of each
 * word of three characters at least, all of them; null when no word is that long. The families it
 * gives hold those trigrams, a superset of those holding the words: each word must still be looked
 * for in what is searched.
 */
export function trigramMatch(counts: TrigramCounts, words: readonly string[]): string | null {
  const trigrams = new Set(
    words.filter((w) => trigramsOf(w).length > 0).map((w) => counts.rarest(w).trigram),
  )
  if (trigrams.size === 0) return null
  return [...trigrams].map(trigramQuery).join(' AND ')
}

/** What to ask the trigram index (FTS5 MATCH) for the families holding one trigram: a string. */
export const trigramQuery = (trigram: string): string => `"${trigram.replace(/"/g, '""')}"`

/**
 * The condition « the family `familyId` (a column) is among those the trigram index gives for the
 * `?` », to bind to a trigramMatch.
 */
export const foundByTrigrams = (familyId: string): string =>
  `${familyId} IN (SELECT rowid FROM families_search WHERE families_search MATCH ?)`
