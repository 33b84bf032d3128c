import { describe, expect, it } from 'vitest'
import { foldForSearch, frenchSortKey } from '../../db/rules/text.ts'
import { escapeLike } from '../../db/text.ts'

describe('foldForSearch', () => {
  it('removes accents and case', () => {
    expect(foldForSearch('Léa GUÉRIN')).toBe('lea guerin')
    expect(foldForSearch('Benoît  NOËL')).toBe('benoit noel')
    expect(foldForSearch('François')).toBe('francois')
  })

  it('keeps letters, digits and the characters of identifiants', () => {
    expect(foldForSearch('dupont1')).toBe('dupont1')
    expect(foldForSearch('LE GALL, Anne-Sophie')).toBe('le gall anne-sophie')
  })
})

describe('escapeLike', () => {
  it('escapes the wildcards of LIKE', () => {
    expect(escapeLike('50%_a\\b')).toBe('50\\%\\_a\\\\b')
  })
})

describe('frenchSortKey', () => {
  it('folds accents, case, ligatures and spaces', () => {
    expect(frenchSortKey('ÉTIENNE')).toBe('etienne')
    expect(frenchSortKey('Émile')).toBe('emile')
    expect(frenchSortKey('e\u0301mile')).toBe('emile') // decomposed
    expect(frenchSortKey('  LE   GALL ')).toBe('le gall')
    expect(frenchSortKey('CŒUR')).toBe('coeur')
    expect(frenchSortKey('Lætitia')).toBe('laetitia')
    expect(frenchSortKey("D'ARTAGNAN")).toBe("d'artagnan")
  })
})
