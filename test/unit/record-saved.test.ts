import { describe, expect, it } from 'vitest'
import { recordSaved } from '../../renderer/src/pages/family/family-context.ts'

describe('what staff read once a record is saved', () => {
  const helene = { lastName: 'ANDRÉ', firstName: 'Hélène' }

  it('names the person as saved, renamed or not', () => {
    expect(recordSaved(helene, { phone: '0601020304' })).toBe(
      'La fiche d’ANDRÉ Hélène est enregistrée.',
    )
    expect(recordSaved(helene, { firstName: ' Léane ' })).toBe(
      'La fiche d’ANDRÉ Léane est enregistrée.',
    )
    expect(recordSaved(helene, { lastName: 'MARTIN', firstName: 'Léane' })).toBe(
      'La fiche de MARTIN Léane est enregistrée.',
    )
  })
})
