import { describe, expect, it } from 'vitest'
import {
  courseOptionLabel,
  documentStateLabel,
  downloadName,
  sizeInMo,
} from '../../db/rules/reenrolment.ts'

describe('the words of the Réinscription tab', () => {
  it('says a size in Mo with two decimals, « 0,00 » for nothing and « < 0,01 » for a small file', () => {
    expect([0, 1, 5242, 5243, 2 * 1024 * 1024, 10 * 1024 * 1024].map(sizeInMo)).toEqual([
      '0,00',
      '< 0,01',
      '< 0,01',
      '0,01',
      '2,00',
      '10,00',
    ])
  })

  it('says the state of a pièce as the seeds do, with the reason of a refusal', () => {
    expect(documentStateLabel(null)).toBe('A fournir')
    expect(documentStateLabel({ state: 'fourni', refusalReason: '' })).toBe('Fourni')
    expect(documentStateLabel({ state: 'accepte', refusalReason: '' })).toBe('Accepté')
    expect(documentStateLabel({ state: 'refuse', refusalReason: 'Illisible' })).toBe(
      'Refusé : Illisible',
    )
  })

  it('tells namesake courses apart by their teacher and time', () => {
    const label = 'Piano — 1er cycle'
    expect(courseOptionLabel({ label, detail: 'A. FAURE, vendredi 18:00–18:30' })).toBe(
      'Piano — 1er cycle — A. FAURE, vendredi 18:00–18:30',
    )
    expect(courseOptionLabel({ label, detail: '' })).toBe(label)
  })
})

describe('the name a document is downloaded under', () => {
  it('keeps the family’s name with the extension of what the file is', () => {
    const cases: [string, string, string][] = [
      ['Avis d’impôt.pdf', 'application/pdf', 'Avis d’impôt.pdf'],
      ['photo.JPG', 'image/jpeg', 'photo.JPG'],
      ['photo.jpeg', 'image/jpeg', 'photo.jpeg'],
      ['photo.pdf', 'image/png', 'photo.png'],
      ['scan.png', 'image/jpeg', 'scan.jpg'],
      ['scan', 'application/pdf', 'scan.pdf'],
      ['relevé.docx', 'application/pdf', 'relevé.docx.pdf'],
    ]
    expect(cases.map(([name, type]) => downloadName(name, type))).toEqual(cases.map((c) => c[2]))
  })
})
