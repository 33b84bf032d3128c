// The online réinscription without I/O: a campaign's phase from its dates, the states of a
// request and of a document with their French words (those of the seeds), whom a pièce applies
// to, what an upload may be, and the French messages of the services. The server and both apps
// read them from here.

/** Where a campaign stands at a time: prepared (not open yet), open, closed. */
export type CampaignPhase = 'preparee' | 'ouverte' | 'fermee'

export const CAMPAIGN_PHASE_LABELS: Record<CampaignPhase, string> = {
  preparee: 'En préparation',
  ouverte: 'Ouverte',
  fermee: 'Fermée',
}

/** The phase of a campaign at `now` (ISO timestamps; it is open from opensAt until closesAt, excluded). */
export function campaignPhase(opensAt: string, closesAt: string, now: Date): CampaignPhase {
  const t = now.getTime()
  if (t < Date.parse(opensAt)) return 'preparee'
  return t < Date.parse(closesAt) ? 'ouverte' : 'fermee'
}

/** A pupil's request. No row: not started ("non_commencee" in the dashboard). */
export const REQUEST_STATUSES = ['brouillon', 'envoyee', 'validee', 'refusee'] as const
export type RequestStatus = (typeof REQUEST_STATUSES)[number]
/** The dashboard's states: a draft (documents given, not sent) counts as not answered yet. */
export type DashboardStatus = 'non_commencee' | 'envoyee' | 'validee' | 'refusee'

export const DASHBOARD_STATUS_LABELS: Record<DashboardStatus, string> = {
  non_commencee: 'Pas encore envoyée',
  envoyee: 'En attente de validation',
  validee: 'Validée',
  refusee: 'Refusée',
}

export function dashboardStatus(status: RequestStatus | null): DashboardStatus {
  return status === null || status === 'brouillon' ? 'non_commencee' : status
}

/** The family may still change its request: a draft, or sent and not decided yet. */
export function familyMayChange(status: RequestStatus | null): boolean {
  return status === null || status === 'brouillon' || status === 'envoyee'
}

/** A document given for a pièce. No document: "A fournir". */
export const DOCUMENT_STATES = ['fourni', 'accepte', 'refuse'] as const
export type DocumentState = (typeof DOCUMENT_STATES)[number]

/** The "Etat" column of the seeds: "A fournir", "Fourni", "Accepté", "Refusé : <reason>". */
export function documentStateLabel(
  doc: { state: DocumentState; refusalReason: string } | null,
): string {
  if (doc === null) return 'A fournir'
  if (doc.state === 'accepte') return 'Accepté'
  if (doc.state === 'refuse') return doc.refusalReason ? `Refusé : ${doc.refusalReason}` : 'Refusé'
  return 'Fourni'
}

/** To whom a pièce applies. */
export const PIECE_SCOPES = ['tous', 'departement', 'cursus', 'residents', 'non_residents'] as const
export type PieceScope = (typeof PIECE_SCOPES)[number]

export const PIECE_SCOPE_LABELS: Record<PieceScope, string> = {
  tous: 'Toutes les familles',
  departement: 'Un département',
  cursus: 'Un cursus',
  residents: 'Les résidents',
  non_residents: 'Les non-résidents',
}

/** Where a family lives, for the pièces of residents and (later) the tariffs. */
export const RESIDENCES = ['commune', 'communaute', 'exterieur'] as const
export type Residence = (typeof RESIDENCES)[number]

export const RESIDENCE_LABELS: Record<Residence, string> = {
  commune: 'Commune',
  communaute: 'Communauté de communes',
  exterieur: 'Extérieur',
}

/** What decides whether a pièce applies to a pupil. */
export interface PieceTarget {
  /** The departments and cursus of the pupil's courses this year. */
  departmentIds: readonly number[]
  cursusIds: readonly number[]
  residence: Residence | null
}

export interface PieceRule {
  appliesTo: PieceScope
  departmentId: number | null
  cursusId: number | null
}

/**
 * Whether a pièce applies to a pupil. A family whose residence is not known is asked for the
 * pièces of residents and of non-residents alike: staff sort it out from what they give.
 */
export function pieceApplies(piece: PieceRule, target: PieceTarget): boolean {
  switch (piece.appliesTo) {
    case 'tous':
      return true
    case 'departement':
      return piece.departmentId !== null && target.departmentIds.includes(piece.departmentId)
    case 'cursus':
      return piece.cursusId !== null && target.cursusIds.includes(piece.cursusId)
    case 'residents':
      return target.residence !== 'exterieur'
    case 'non_residents':
      return target.residence === null || target.residence === 'exterieur'
  }
}

/**
 * The pièces à fournir of seed 003, offered when staff prepare a campaign (and used by the demo):
 * name, required, to whom. The dance certificate applies to the Danse department.
 */
export const SUGGESTED_PIECES: readonly {
  name: string
  required: boolean
  appliesTo: PieceScope
  department?: string
}[] = [
  {
    name: 'justif. d’identité de l’élève majeur ou du responsable légal - pour un mineur',
    required: true,
    appliesTo: 'tous',
  },
  {
    name: 'justif. de domicile (quittance électricité, gaz...) si résident',
    required: true,
    appliesTo: 'residents',
  },
  { name: 'copie de l’avis d’imposition sur les revenus', required: false, appliesTo: 'tous' },
  {
    name: 'fiche d’autorisation de prise de vue et de diffusion de l’image',
    required: false,
    appliesTo: 'tous',
  },
  {
    name: 'attestation d’assurance couvrant l’élève en responsabilité civile',
    required: true,
    appliesTo: 'tous',
  },
  {
    name: 'certificat médical d’aptitude (Parcours Danse uniquement)',
    required: true,
    appliesTo: 'departement',
    department: 'Danse',
  },
  {
    name: 'RIB + autorisation remplie, signée (en cas de prélèvement autom. mensuel)',
    required: false,
    appliesTo: 'tous',
  },
]

/** What a family may upload: PDF, JPEG, PNG, recognised by their content, up to 10 MB. */
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
export const DOCUMENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const
export type DocumentType = (typeof DOCUMENT_TYPES)[number]
/** The extensions of each type, the usual one first. */
const EXTENSIONS: Record<DocumentType, readonly string[]> = {
  'application/pdf': ['.pdf'],
  'image/jpeg': ['.jpg', '.jpeg'],
  'image/png': ['.png'],
}

/**
 * The name a document is downloaded under: the family's, with the extension of what the file is
 * (its content was checked, not its name): « photo.pdf » that is a PNG comes back « photo.png ».
 */
export function downloadName(fileName: string, mimeType: string): string {
  const own = EXTENSIONS[mimeType as DocumentType]
  if (!own) return fileName
  const lower = fileName.toLowerCase()
  if (own.some((e) => lower.endsWith(e))) return fileName
  const known = Object.values(EXTENSIONS)
    .flat()
    .find((e) => lower.endsWith(e))
  const base = known ? fileName.slice(0, -known.length) : fileName
  return `${base}${own[0]}`
}

/** The `accept` of the file input (a phone offers its camera for images). */
export const DOCUMENT_ACCEPT = 'application/pdf,image/jpeg,image/png'

/** A course of next year as a choice says it, told apart from its namesakes by its teacher and time. */
export function courseOptionLabel(option: { label: string; detail: string }): string {
  return option.detail ? `${option.label} — ${option.detail}` : option.label
}

/**
 * "2,35" for the "Taille (Mo)" column (two decimals, French comma; "0,00" for nothing, as the seeds
 * show a pièce still to give); "< 0,01" for a small file, which is not nothing.
 */
export function sizeInMo(bytes: number): string {
  const mo = bytes / (1024 * 1024)
  if (bytes > 0 && mo < 0.005) return '< 0,01'
  return mo.toFixed(2).replace('.', ',')
}

/** The French messages of the réinscription services, one place for the tests and the apps. */
export const REENROLMENT_MESSAGES = {
  notOpen: 'La réinscription en ligne n’est pas ouverte pour ce site.',
  closed: 'La période de réinscription est terminée : votre demande n’a pas été enregistrée.',
  decided:
    'Cette réinscription a déjà été traitée par le conservatoire : elle ne peut plus être modifiée.',
  stale:
    'Cette réinscription a été modifiée entre-temps (par vous ou par l’autre responsable) : rechargez la page avant de valider.',
  unchangedRefused:
    'Un document a été refusé par le conservatoire : importez un nouveau fichier dans « Pièces à fournir » pour le remplacer (votre demande n’a pas changé depuis son envoi).',
  unchanged:
    'Votre demande de réinscription est déjà envoyée et rien n’y a changé : elle attend la validation du conservatoire.',
  nothingChosen:
    'Cochez la case « Réinscription administrative » ou au moins un cours à poursuivre.',
  missingPieces: (names: readonly string[]) =>
    `Il manque ${names.length > 1 ? 'des pièces obligatoires' : 'une pièce obligatoire'} : ${names.join(' ; ')}.`,
  notYourPupil: 'Cet élève n’est pas un élève de votre famille.',
  notYourCourse: 'Ce cours n’est pas un cours de cet élève.',
  courseNotOffered: 'Ce cours n’est pas proposé pour l’année suivante.',
  pieceUnknown: 'Cette pièce n’est pas demandée pour cet élève.',
  documentAccepted: 'Ce document a déjà été accepté : il ne peut plus être remplacé ni supprimé.',
  noDocument: 'Aucun document n’a été importé pour cette pièce.',
  requiredAfterSubmit:
    'Cette pièce est obligatoire et votre réinscription est envoyée : pour la changer, importez le nouveau fichier, il remplacera l’ancien.',
  emptyFile: 'Le fichier est vide.',
  tooBig: 'Le fichier dépasse 10 Mo : réduisez-le (ou photographiez le document) et réessayez.',
  wrongType: 'Ce fichier n’est ni un PDF, ni une image JPEG ou PNG.',
  truncated: 'Ce fichier est incomplet ou abîmé : enregistrez-le de nouveau et réessayez.',
  interrupted: 'L’envoi du fichier a été interrompu : importez-le de nouveau.',
  commentTooLong: 'Ce texte est trop long (2 000 caractères au plus).',
  reasonRequired: 'Donnez la raison du refus : la famille la lira.',
  campaignDates: 'La fermeture doit venir après l’ouverture.',
  campaignTaken: 'Ce site a déjà une campagne pour cette année scolaire.',
  campaignHasRequests: (count: number) =>
    `Cette campagne a déjà ${count} demande${count > 1 ? 's' : ''} de famille : elle ne peut pas être supprimée.`,
  pieceNeedsDepartment: 'Choisissez le département.',
  pieceNeedsCursus: 'Choisissez le cursus.',
  notSubmitted: 'Cette réinscription n’a pas encore été envoyée par la famille.',
  piecesNotAccepted: (names: readonly string[]) =>
    `Ces pièces obligatoires ne sont pas acceptées : ${names.join(' ; ')}.`,
} as const
