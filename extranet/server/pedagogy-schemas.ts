// The joi schemas of the pedagogy routes: the shape and the bounds of what is sent. The services
// check the meaning (dates of the year, a cycle of the cursus, capacity…) and answer in French
// per field; joi refuses what is not even of the right type, with the French texts of errors.ts.
import Joi from 'joi'
import { COURSE_KINDS, EVALUATION_KINDS, PEDAGOGY_MESSAGES as M } from '../../db/rules/pedagogy.ts'
import { joiPrefsFr } from './errors.ts'
import { id } from './schemas.ts'

/** A date as typed ("14/09/2026" or "2026-09-14"): the service says when it is not one. */
const day = Joi.string().allow('').max(20)
const text = (max: number) => Joi.string().allow('').max(max)
const optionalId = id.allow(null)
/** An optional day or number left empty in the form is not sent ('' counts as absent). */
const optionalDay = Joi.string().max(20).empty('')
const optionalNumber = Joi.number().integer().allow(null).empty('')

export const schoolYear = Joi.object({ startsOn: day.required(), endsOn: day.required() })

export const nextSchoolYear = Joi.object({ startsOn: optionalDay, endsOn: optionalDay }).allow(null)

export const named = Joi.object({ name: text(200).required() })

export const discipline = Joi.object({
  departmentId: optionalId.required(),
  name: text(200).required(),
})

export const cursus = discipline

export const cycle = Joi.object({
  cursusId: optionalId,
  code: text(60).required(),
  label: text(200).default(''),
  position: Joi.number().integer().min(1).max(1000),
  nextCycleId: optionalId.default(null),
})

export const teacher = Joi.object({
  civility: text(40).default(''),
  lastName: text(160).required(),
  firstName: text(160).default(''),
  email: text(300).default(''),
  phone: text(60).default(''),
  staffUserId: optionalId.default(null),
  disciplineIds: Joi.array().items(id).max(100).default([]),
})

export const course = Joi.object({
  schoolYearId: optionalId,
  siteId: optionalId.required(),
  disciplineId: optionalId.required(),
  teacherId: optionalId.default(null),
  label: text(200).required(),
  kind: Joi.string()
    .valid(...COURSE_KINDS)
    .required()
    .messages({ 'any.only': 'Choisissez individuel ou collectif.' }),
  weekday: optionalNumber.default(null),
  startTime: text(10).allow(null).default(null),
  durationMinutes: optionalNumber.default(null),
  room: text(160).default(''),
  capacity: Joi.number().integer().empty('').required(),
  horairesAmenages: Joi.boolean().default(false),
})

const courseFilters = {
  schoolYearId: id.required(),
  siteId: id,
  disciplineId: id,
  teacherId: id,
  includeArchived: Joi.boolean().default(false),
  sort: Joi.string().valid('label', 'discipline', 'teacher', 'schedule', 'site', 'effectif'),
  order: Joi.string().valid('asc', 'desc'),
}

export const courseList = Joi.object(courseFilters)

export const courseExport = Joi.object({
  ...courseFilters,
  format: Joi.string().valid('csv', 'xlsx').required(),
})

export const exportFormat = Joi.object({ format: Joi.string().valid('csv', 'xlsx').required() })

const rollCallQuerySchema = Joi.object({ date: day.required() }).prefs(joiPrefsFr)

/**
 * The roll call's `?date=` (the page of every lesson): a text of 20 characters at most is taken at
 * once, as joi would take it (the service says when it is not a day); anything else goes through
 * joi, which refuses it with its French message.
 */
export async function rollCallQuery(
  value: unknown,
  options: Joi.ValidationOptions,
): Promise<unknown> {
  const date = (value as { date?: unknown } | null)?.date
  if (typeof date === 'string' && date.length <= 20 && Object.keys(value as object).length === 1)
    return { date }
  return rollCallQuerySchema.validateAsync(value, options)
}

export const rollCall = Joi.object({
  date: day.required(),
  absences: Joi.array()
    .items(
      Joi.object({
        enrolmentId: id.required(),
        justified: Joi.boolean().default(false),
        reason: text(600).default(''),
      }),
    )
    .max(500)
    .required(),
})

export const enrolment = Joi.object({
  courseId: optionalId.required(),
  schoolYearId: optionalId.required(),
  cursusId: optionalId.default(null),
  cycleId: optionalId.default(null),
  startsOn: optionalDay,
})

export const enrolmentEnd = Joi.object({ endsOn: day.required() })

export const enrolmentCycle = Joi.object({
  cursusId: optionalId.required(),
  cycleId: optionalId.required(),
})

export const evaluation = Joi.object({
  date: day.required(),
  kind: Joi.string()
    .valid(...EVALUATION_KINDS)
    .required()
    .messages({ 'any.only': M.kind }),
  mark: Joi.number().allow(null).empty('').default(null),
  mention: text(80).default(''),
  appreciation: text(4000).default(''),
  jury: text(600).default(''),
  result: Joi.string().valid('admis', 'non_admis').allow('', null).default(null),
})

export const suiviNote = Joi.object({ date: day.required(), text: text(8000).required() })

export const repertoireWork = Joi.object({
  schoolYearId: optionalId.required(),
  courseId: optionalId.default(null),
  composer: text(320).default(''),
  title: text(600).required(),
})

/** `{id}` and the id of a row under it (an évaluation of the enrolment, a work of the pupil). */
export const nestedParams = (name: string) =>
  Joi.object({ id: id.required(), [name]: id.required() })
