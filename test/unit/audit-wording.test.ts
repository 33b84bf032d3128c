import { describe, expect, it } from 'vitest'
import type { AuditLogEntry } from '../../db/services/audit.ts'
import { auditEntry } from '../../extranet/server/presenters/audit.ts'

const entry = (action: string, details: Record<string, unknown>): AuditLogEntry => ({
  at: '2026-11-27T10:00:00.000Z',
  actorType: 'staff',
  actor: 'Sophie MARTIN',
  action,
  entityType: 'enrolment',
  entityId: 1,
  details,
  pupil: null,
})

// A family's journal says what each entry did in French: its name and what it kept (the ids
// are left out: the journal is read by people).
describe('the family’s journal', () => {
  it('says what a pedagogy, réinscription or billing entry kept, not just its name', () => {
    const cases: [string, Record<string, unknown>, string, string][] = [
      [
        'staff.enrolment_created',
        {
          pupilId: 500,
          course: 'Danse classique enfants',
          schoolYear: '2027/2028',
          cursus: 'Danse hors cursus',
          cycle: 'Danse Ado',
          startsOn: '2027-09-01',
        },
        'Inscription à un cours',
        'cours « Danse classique enfants » ; année 2027/2028 ; Danse hors cursus, cycle Danse Ado ; à partir du 01/09/2027',
      ],
      [
        'staff.enrolment_ended',
        { course: 'Trompette — atelier', endsOn: '2026-11-30' },
        'Fin d’une inscription à un cours',
        'cours « Trompette — atelier » ; jusqu’au 30/11/2026',
      ],
      [
        'staff.evaluation_created',
        // As saveEvaluation writes it: the course, then the row's columns.
        {
          course: 'Trompette',
          evaluated_on: '2026-11-20',
          kind: 'examen_fin_cycle',
          mark: 16.5,
          mention: 'Bien',
          cycle_id: 12,
          updated_at: '2026-11-20T10:00:00.000Z',
        },
        'Évaluation saisie',
        'cours « Trompette » ; le 20/11/2026 ; Examen de fin de cycle ; note 16,5/20 ; Bien',
      ],
      [
        'invoice.credit',
        { number: '2026-A-000003', invoice: '2026-F-000298', totalCents: -32000, reason: 'Erreur' },
        'Avoir émis',
        'raison : Erreur ; avoir 2026-A-000003 ; facture 2026-F-000298 ; −320,00 €',
      ],
      [
        'staff.reenrolment_document_refused',
        { requestId: 263, piece: 'justif. de domicile', reason: 'Trop ancien.' },
        'Document de réinscription refusé',
        'pièce « justif. de domicile » ; raison : Trop ancien.',
      ],
      [
        'payment.record',
        {
          invoice: '2026-F-000298',
          receipt: '2026-R-000335',
          mode: 'prelevement',
          amountCents: 3200,
          paidOn: '2026-11-16',
        },
        'Règlement enregistré',
        'facture 2026-F-000298 ; reçu 2026-R-000335 ; 32,00 € ; payé le 16/11/2026',
      ],
      [
        'sepa.mandate.add',
        { rum: 'PORTEE-96-1', signedOn: '2026-09-01' },
        'Mandat de prélèvement SEPA ajouté',
        'mandat PORTEE-96-1 ; signé le 01/09/2026',
      ],
    ]
    expect(
      cases.map(([action, details]) => {
        const { what, detail } = auditEntry(entry(action, details))
        return [what, detail]
      }),
    ).toEqual(cases.map(([, , what, detail]) => [what, detail]))
  })

  it('says what the family did on its réinscription, in the words of its tab', () => {
    const said = (action: string, details: Record<string, unknown>) =>
      auditEntry({ ...entry(action, details), actorType: 'family', entityType: 'pupil' }).detail
    expect(
      said('family.reenrolment_submitted', {
        campaignId: 1,
        requestId: 7,
        administrative: true,
        reenrol: [13, 14],
        revision: 2,
        schoolYear: '2027/2028',
        courses: ['Formation musicale — 1er cycle', 'Piano — 1er cycle (mercredi)'],
      }),
    ).toBe(
      'Réinscription administrative ; cours : Formation musicale — 1er cycle, Piano — 1er cycle (mercredi) ; année 2027/2028',
    )
    expect(
      said('family.reenrolment_document_given', {
        pieceId: 2,
        documentId: 31,
        replaced: 30,
        piece: 'justif. de domicile',
        fileName: 'facture EDF.pdf',
        replacedFile: 'scan.jpg',
      }),
    ).toBe('pièce « justif. de domicile » ; fichier « facture EDF.pdf » ; remplace « scan.jpg »')
    expect(
      said('family.reenrolment_document_removed', {
        pieceId: 3,
        documentId: 32,
        piece: 'copie de l’avis d’imposition',
        fileName: 'avis.pdf',
      }),
    ).toBe('pièce « copie de l’avis d’imposition » ; fichier « avis.pdf »')
  })
})
