import { describe, expect, it } from 'vitest'
import {
  foldForSearch,
  frenchSortKey,
  ofName,
  searchWords,
  withArticle,
} from '../../db/rules/text.ts'
import { escapeLike } from '../../db/text.ts'
import { expectEach } from '../support/cases.ts'

describe('foldForSearch', () => {
  it('removes accents and case', () => {
    expectEach(foldForSearch, {
      'Léa GUÉRIN': 'lea guerin',
      'Benoît  NOËL': 'benoit noel',
      François: 'francois',
    })
  })

  it('keeps letters, digits and the characters of identifiants', () => {
    expectEach(foldForSearch, { dupont1: 'dupont1', 'LE GALL, Anne-Sophie': 'le gall anne-sophie' })
  })
})

describe('escapeLike', () => {
  it('escapes the wildcards of LIKE', () => {
    expect(escapeLike('50%_a\\b')).toBe('50\\%\\_a\\\\b')
  })
})

describe('frenchSortKey', () => {
  it('folds accents, case, ligatures and spaces', () => {
    expectEach(frenchSortKey, {
      ÉTIENNE: 'etienne',
      Émile: 'emile',
      'e\u0301mile': 'emile', // decomposed
      '  LE   GALL ': 'le gall',
      CŒUR: 'coeur',
      Lætitia: 'laetitia',
      "D'ARTAGNAN": "d'artagnan",
    })
  })
})

describe('ofName', () => {
  it('says « de » before a name, « d’ » before a vowel', () => {
    expect(ofName('Léa DUPONT')).toBe('de Léa DUPONT')
    expect(ofName('Adrien ABOLANT')).toBe('d’Adrien ABOLANT')
    expect(ofName('Émilie TORRICE')).toBe('d’Émilie TORRICE')
    expect(ofName('Hugo DUPONT')).toBe('de Hugo DUPONT') // h aspiré or not: left as « de »
  })
})

describe('withArticle', () => {
  it('puts the article a common noun needs before an establishment’s name, and none otherwise', () => {
    expectEach(withArticle, {
      'Conservatoire de musique du Golfe': 'Le Conservatoire de musique du Golfe',
      'École de musique de Cogolin': 'L’École de musique de Cogolin',
      'Ecole municipale de musique': 'L’Ecole municipale de musique',
      'Maison de la musique': 'La Maison de la musique',
      'Cité de la musique': 'La Cité de la musique',
      'Conservatoire, danse et théâtre': 'Le Conservatoire, danse et théâtre',
      Musicalis: 'Musicalis',
      'Conservatoires réunis': 'Conservatoires réunis',
    })
  })
})

describe('searchWords', () => {
  it('folds a search into its words, eight at most, none for nothing', () => {
    expect(searchWords('  Léa   DUPONT ')).toEqual(['lea', 'dupont'])
    expect(searchWords('a b c d e f g h i j')).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'])
    expect(searchWords(' ; ')).toEqual([])
    expect(searchWords(undefined)).toEqual([])
  })
})
