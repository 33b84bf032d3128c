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

const HOUR_MS = 3_600_000

/** The offset of Paris from UTC at an instant, in milliseconds, as the time zone data say it. */
function zoneOffsetMs(instant: number): number {
  const parts = WALL.formatToParts(new Date(instant))
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0)
  const asUtc = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'))
  return asUtc - Math.floor(instant / 1000) * 1000
}

/** The offsets of the UTC hours asked lately, by hour (Intl costs some 5 µs a date). */
const offsetsByHour = new Map<number, number>()
const HOURS_KEPT = 10_000

/**
 * The offset of Paris from UTC at an instant, in milliseconds (+1 h in winter, +2 h in summer).
 * Kept for the whole UTC hour when it is the same at its first and its last millisecond (an hour
 * holds at most one change: Paris changes at 01:00 UTC), asked again otherwise.
 */
function parisOffsetMs(instant: number): number {
  const hour = Math.floor(instant / HOUR_MS)
  const known = offsetsByHour.get(hour)
  if (known !== undefined) return known
  const offset = zoneOffsetMs(instant)
  const start = zoneOffsetMs(hour * HOUR_MS)
  if (start === offset && zoneOffsetMs((hour + 1) * HOUR_MS - 1) === offset) {
    if (offsetsByHour.size >= HOURS_KEPT) offsetsByHour.clear()
    offsetsByHour.set(hour, offset)
  }
  return offset
}

const two = (n: number) => String(n).padStart(2, '0')

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
  const instant = new Date(iso).getTime()
  const wall = new Date(instant + parisOffsetMs(instant))
  return {
    day: `${two(wall.getUTCDate())}/${two(wall.getUTCMonth() + 1)}/${wall.getUTCFullYear()}`,
    time: `${two(wall.getUTCHours())}:${two(wall.getUTCMinutes())}`,
  }
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
