// The dates of a réinscription campaign as staff type and read them: a day and a time in the
// conservatoire's time zone (Europe/Paris), stored as ISO timestamps (UTC). The server and the
// back office read them from here.

const ZONE = 'Europe/Paris'

// Made once: a formatter is costly to build (a bulk mailing formats thousands of dates).
const WALL = new Intl.DateTimeFormat('en-GB', {
  timeZone: ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
})
const DAY = new Intl.DateTimeFormat('fr-FR', {
  timeZone: ZONE,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
})
const TIME = new Intl.DateTimeFormat('fr-FR', {
  timeZone: ZONE,
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
})

/** The offset of Paris from UTC at an instant, in milliseconds (+1 h in winter, +2 h in summer). */
function parisOffsetMs(instant: number): number {
  const parts = WALL.formatToParts(new Date(instant))
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0)
  const asUtc = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'))
  return asUtc - Math.floor(instant / 1000) * 1000
}

/** "2027-05-01" and "18:00" in Paris → the ISO timestamp of that instant ("2027-05-01T16:00:00.000Z"). */
export function parisInstant(day: string, time: string): string {
  const [y = 0, m = 1, d = 1] = day.split('-').map(Number)
  const [h = 0, min = 0] = time.split(':').map(Number)
  const wall = Date.UTC(y, m - 1, d, h, min)
  // The offset at the wall time read as UTC, then again at the instant found (a change of hour).
  const first = wall - parisOffsetMs(wall)
  return new Date(wall - parisOffsetMs(first)).toISOString()
}

/** An ISO timestamp → its day ("01/05/2027") and time ("18:00") in Paris, for a form. */
export function parisDayAndTime(iso: string): { day: string; time: string } {
  const date = new Date(iso)
  return { day: DAY.format(date), time: TIME.format(date) }
}

/** « 01/05/2027 à 18:00 », in Paris: how the screens and the mails say a campaign's dates. */
export function parisDateTimeLabel(iso: string | null): string {
  if (!iso) return ''
  const { day, time } = parisDayAndTime(iso)
  return `${day} à ${time}`
}

/** The French messages of the campaign services (besides REENROLMENT_MESSAGES of reenrolment.ts). */
export const CAMPAIGN_MESSAGES = {
  notFound: 'Cette campagne de réinscription est introuvable.',
  siteNotYours: 'Ce site n’existe pas.',
  chooseSite: 'Choisissez le site.',
  chooseYear: 'Choisissez l’année scolaire.',
  yearNotAfter: 'Choisissez une année scolaire après l’année en cours.',
  siteYearLocked:
    'Des familles ont déjà commencé leur réinscription : le site et l’année scolaire ne peuvent plus changer.',
  alreadyOpen: 'Cette campagne est déjà ouverte.',
  alreadyClosed: 'Cette campagne est déjà fermée.',
  notOpenYet: 'Cette campagne n’est pas encore ouverte : il n’y a rien à fermer.',
  reopenByExtending: 'La fermeture est passée : prolongez la campagne pour la rouvrir.',
  extendLater: 'La nouvelle fermeture doit venir après la fermeture actuelle.',
  extendFuture: 'La nouvelle fermeture doit être dans le futur.',
  reminderNotOpen: 'Cette campagne n’est pas ouverte : les familles ne peuvent pas se réinscrire.',
  pieceNotFound: 'Cette pièce n’est pas une pièce de cette campagne.',
  pieceName: 'Donnez le nom du document.',
  tooManyPieces: 'Trente pièces au plus.',
  overlaps: (year: string, opens: string, closes: string) =>
    `La campagne ${year} de ce site va du ${opens} au ${closes} : les périodes de deux campagnes d’un même site ne peuvent pas se chevaucher (les familles ne verraient que l’une d’elles).`,
} as const
