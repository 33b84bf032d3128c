// A pupil's Documents tab (both apps), without I/O: the words of the attestation d'inscription,
// its file name, a document's date and time as the table shows them (in France's time zone).
import { parisDayAndTime } from './campaigns.ts'
import { foldForSearch } from './text.ts'

/** « Attestation d’inscription 2026/2027 ». */
export function attestationTitle(schoolYear: string): string {
  return `Attestation d’inscription ${schoolYear}`
}

/** « attestation-inscription-2026-2027-dupont-lea.pdf »: plain letters, no space. */
export function attestationFileName(
  schoolYear: string,
  pupil: { lastName: string; firstName: string },
): string {
  const name = foldForSearch(`${pupil.lastName} ${pupil.firstName}`)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
  return `attestation-inscription-${schoolYear.replace('/', '-')}-${name}.pdf`
}

/** « 26/11/2026 » and « 14:03 » of an ISO time, in France (the table's Date and Heure). */
export function parisDateAndTime(iso: string): { date: string; time: string } {
  const { day, time } = parisDayAndTime(iso)
  return { date: day, time }
}

/** « Sainte-Maxime » from « SAINTE-MAXIME »: a town as a sentence writes it. */
export function townName(city: string): string {
  return city
    .toLocaleLowerCase('fr-FR')
    .replace(
      /(^|[\s\-'’])(\p{L})/gu,
      (_, sep: string, letter: string) => sep + letter.toUpperCase(),
    )
    .replace(
      /([\s-])(De|Du|Des|La|Le|Les|Sur|En|Aux|Et)(?=[\s-])/g,
      (_, sep: string, word: string) => sep + word.toLowerCase(),
    )
}
