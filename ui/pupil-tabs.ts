/** The tabs of a pupil's file, in both apps: each one a route of its own (`eleve-<path>`). */
export const PUPIL_TABS = [
  { path: 'identite', label: 'Identité' },
  { path: 'cours', label: 'Cours' },
  { path: 'historique', label: 'Historique' },
  { path: 'repertoire', label: 'Répertoire' },
  { path: 'documents', label: 'Documents' },
] as const

export type PupilTab = (typeof PUPIL_TABS)[number]['path']

/** What each tab not built yet will hold, said plainly. */
export const PUPIL_TABS_TO_COME: Record<string, string> = {
  cours:
    'Les cours de l’élève, son suivi pédagogique, ses évaluations et ses absences seront bientôt consultables ici.',
  historique: 'Les cours des années précédentes seront bientôt consultables ici.',
  repertoire: 'Le répertoire travaillé par l’élève sera bientôt consultable ici.',
  documents: 'Les documents fournis pour l’inscription seront bientôt consultables ici.',
}
