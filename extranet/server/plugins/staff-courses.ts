import type { Plugin, ReqRef, Request } from '@hapi/hapi'
import Joi from 'joi'
import type { Trx } from '../../../db/connection.ts'
import { DomainError } from '../../../db/errors.ts'
import { parisDay, type CourseSort } from '../../../db/rules/pedagogy.ts'
import { CAN } from '../../../db/rules/roles.ts'
import {
  coursePage,
  listCourses,
  type CourseFilter,
} from '../../../db/services/pedagogy/course-pages.ts'
import { rollCallJson } from '../../../db/services/pedagogy/roll-call.ts'
import {
  removeCourse,
  restoreCourse,
  saveCourse,
  type CourseInput,
} from '../../../db/services/pedagogy/courses.ts'
import type { SiteScope } from '../../../db/services/staff-scope.ts'
import { getSchoolYear } from '../../../db/services/pedagogy/school-years.ts'
import { recordRollCall, type RollCallAbsence } from '../../../db/services/pedagogy/follow-up.ts'
import { searchPupils } from '../../../db/services/pedagogy/pupil-search.ts'
import type {
  CoursePageView,
  CourseSummaryView,
  CreatedId,
  PupilMatchView,
  RemovalResult,
} from '../../api/types.ts'
import { ctx, read, readNow, route, allow, staffActor, staffAuth } from '../context.ts'
import { exportFile } from '../exports.ts'
import * as p from '../pedagogy-schemas.ts'
import { coursesTable, sortCourses } from '../presenters/courses.ts'
import * as schemas from '../schemas.ts'
import { staffRoute } from '../staff-route.ts'

type Id = { Params: { id: number } }
type Filters = Omit<CourseFilter, 'siteIds' | 'today'> & {
  sort?: CourseSort
  order?: 'asc' | 'desc'
}
type Exported = { Query: Filters & { format: 'csv' | 'xlsx' } }
type CourseBody = { Payload: Omit<CourseInput, 'id'> }
type PupilQuery = { Query: { q: string; siteId?: number } }

const READ = CAN.readPedagogy
const EDIT = CAN.editPedagogy
const byId = { params: schemas.idParams }
/** « Ajouter un élève »: the words of a name, and the course's site. */
const pupilSearch = Joi.object({
  q: Joi.string().allow('').max(100).default(''),
  siteId: schemas.id,
})

/** A course goes on a site the staff member works for (as a new family does). */
function checkOwnSite<R extends CourseBody>(request: Request<R>): CourseBody['Payload'] {
  const { siteIds } = staffAuth(request)
  const siteId = request.payload.siteId
  // No site chosen: the service says so with the other fields to fill.
  if (siteIds !== null && typeof siteId === 'number' && !siteIds.includes(siteId)) {
    const message = 'Ce site n’existe pas.'
    throw new DomainError('VALIDATION', message, { siteId: message })
  }
  return request.payload
}

/** The courses of a year with the list's filters, on the staff member's sites, sorted. */
async function coursesOf(trx: Trx, siteIds: SiteScope, query: Filters, today: string) {
  const { sort, order, ...filter } = query
  return sortCourses(await listCourses(trx, { ...filter, siteIds, today }), sort, order)
}

/** The day effectifs are counted on: the server's today, in Paris. */
const todayOf = <R extends ReqRef>(request: Request<R>) => parisDay(ctx(request).clock.now())

/**
 * « Pédagogie » → « Cours »: the list of a school year (filters site, discipline, teacher; sorted;
 * its export), a course's form, its page (pupils, effectif / capacity), its roll call, and the
 * search of pupils by name to enrol one.
 */
export const staffCoursesApi: Plugin<void> = {
  name: 'portee-staff-courses-api',
  register(server) {
    server.route([
      staffRoute({
        method: 'GET',
        path: '/api/staff/courses',
        can: READ,
        validate: { query: p.courseList },
        work: (trx, r: Request<{ Query: Filters }>): Promise<CourseSummaryView[]> =>
          coursesOf(trx, staffAuth(r).siteIds, r.query, todayOf(r)),
      }),
      route<Exported>({
        method: 'GET',
        path: '/api/staff/courses/export',
        options: { auth: allow(READ), validate: { query: p.courseExport } },
        async handler(request, h) {
          const { format, ...query } = request.query
          const { siteIds } = staffAuth(request)
          const [courses, year] = await read(
            request,
            async (trx) =>
              [
                await coursesOf(trx, siteIds, query, todayOf(request)),
                await getSchoolYear(trx, query.schoolYearId),
              ] as const,
          )
          return exportFile(h, coursesTable(courses, year.label), format, ctx(request).clock)
        },
      }),
      staffRoute({
        method: 'POST',
        path: '/api/staff/courses',
        can: EDIT,
        validate: { payload: p.course },
        work: (trx, r: Request<CourseBody>): Promise<CreatedId> =>
          saveCourse(trx, checkOwnSite(r), staffActor(r)),
      }),
      staffRoute({
        method: 'PUT',
        path: '/api/staff/courses/{id}',
        can: EDIT,
        sees: 'course',
        validate: { ...byId, payload: p.course },
        work: (trx, r: Request<Id & CourseBody>): Promise<CreatedId> =>
          saveCourse(trx, { ...checkOwnSite(r), id: r.params.id }, staffActor(r)),
      }),
      staffRoute({
        method: 'DELETE',
        path: '/api/staff/courses/{id}',
        can: EDIT,
        sees: 'course',
        validate: { ...byId, payload: schemas.noPayload },
        work: async (trx, r: Request<Id>): Promise<RemovalResult> => ({
          outcome: await removeCourse(trx, r.params.id, staffActor(r)),
        }),
      }),
      staffRoute({
        method: 'POST',
        path: '/api/staff/courses/{id}/restore',
        can: EDIT,
        sees: 'course',
        validate: { ...byId, payload: schemas.noPayload },
        work: (trx, r: Request<Id>) => restoreCourse(trx, r.params.id, staffActor(r)),
      }),
      staffRoute({
        method: 'GET',
        path: '/api/staff/courses/{id}',
        can: READ,
        sees: 'course',
        validate: byId,
        work: (trx, r: Request<Id>): Promise<CoursePageView> =>
          coursePage(trx, r.params.id, todayOf(r)),
      }),
      // The page of every lesson: on prepared statements (db/prepared.ts), as the family pages.
      route<Id & { Query: { date: string } }>({
        method: 'GET',
        path: '/api/staff/courses/{id}/roll-call',
        options: {
          auth: allow(READ),
          app: { sees: 'course' },
          validate: { ...byId, query: p.rollCallQuery },
        },
        // The JSON of a RollCallView, written by SQLite: sent as it is.
        handler: async (r, h) =>
          h
            .response(await readNow(r, (sql) => rollCallJson(sql, r.params.id, r.query.date)))
            .type('application/json; charset=utf-8'),
      }),
      staffRoute({
        method: 'PUT',
        path: '/api/staff/courses/{id}/roll-call',
        can: EDIT,
        sees: 'course',
        validate: { ...byId, payload: p.rollCall },
        work: (
          trx,
          r: Request<Id & { Payload: { date: string; absences: RollCallAbsence[] } }>,
        ): Promise<{ absent: number }> =>
          recordRollCall(trx, { ...r.payload, courseId: r.params.id }, staffActor(r)),
      }),
      staffRoute({
        method: 'GET',
        path: '/api/staff/pupils',
        can: READ,
        validate: { query: pupilSearch },
        work: (trx, r: Request<PupilQuery>): Promise<PupilMatchView[]> =>
          searchPupils(trx, {
            query: r.query.q,
            siteId: r.query.siteId,
            siteIds: staffAuth(r).siteIds,
          }),
      }),
    ])
  },
}
