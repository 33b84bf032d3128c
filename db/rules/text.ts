// Text folding for searches, identifiants and sorting: no accents, no case.

/** Folds a text for searching: no accents, lower case, single spaces. "Léa DUPONT" → "lea dupont". */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^\p{Letter}\p{Number}@.\-']+/gu, ' ')
    .trim()
}

/** The words of a search, folded (foldForSearch), at most eight: each must be found. */
export function searchWords(query: string | undefined): string[] {
  return foldForSearch(query ?? '')
    .split(' ')
    .filter((w) => w.length > 0)
    .slice(0, 8)
}

/**
 * The key that sorts names as a French reader expects, whatever the accents and the case:
 * "Émile" < "Étienne" < "eude" < "Zola", and "Œuvray" among the "oe". SQLite compares the keys
 * byte by byte. A migration (family_sort_key) writes the same folding out: change both together.
 */
export function frenchSortKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/\s+/g, ' ')
    .trim()
}

/** « de Léa DUPONT », « d’Adrien ABOLANT »: "de" before a name, elided before a vowel. */
export function ofName(name: string): string {
  return /^[aeiouyàâäéèêëîïôöùûüœæ]/i.test(name) ? `d’${name}` : `de ${name}`
}

/**
 * The name of an establishment as the subject of a sentence: « Le Conservatoire de musique… »,
 * « L’École de musique… », « La Maison de la musique… »; a name that is not a common noun first
 * (« Musicalis ») stays as it is.
 */
export function withArticle(name: string): string {
  // The noun ends the first word (\b does not see the end of « Cité » in JavaScript).
  const first = (nouns: string) => new RegExp(`^(${nouns})(?=[\\s,]|$)`, 'iu').test(name)
  if (first('conservatoire|centre|pôle|pole')) return `Le ${name}`
  if (first('école|ecole|académie|academie|institut|harmonie|association')) return `L’${name}`
  if (first('maison|cité|cite|schola')) return `La ${name}`
  return name
}
