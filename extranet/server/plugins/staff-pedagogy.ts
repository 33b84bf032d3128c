import type { Plugin, Request } from '@hapi/hapi'
import type { Schema } from 'joi'
import { CAN } from '../../../db/rules/roles.ts'
import {
  listCursus,
  removeCursus,
  removeCycle,
  restoreCursus,
  restoreCycle,
  saveCursus,
  saveCycle,
} from '../../../db/services/pedagogy/cursus.ts'
import {
  listDepartments,
  listDisciplines,
  removeDepartment,
  removeDiscipline,
  restoreDepartment,
  restoreDiscipline,
  saveDepartment,
  saveDiscipline,
} from '../../../db/services/pedagogy/disciplines.ts'
import {
  createNextSchoolYear,
  createSchoolYear,
  listSchoolYears,
  setCurrentSchoolYear,
} from '../../../db/services/pedagogy/school-years.ts'
import {
  listTeacherAccounts,
  listTeachers,
  removeTeacher,
  restoreTeacher,
  saveTeacher,
  type TeacherInput,
} from '../../../db/services/pedagogy/teachers.ts'
import type { PedagogyActor } from '../../../db/services/pedagogy/common.ts'
import type { Trx } from '../../../db/connection.ts'
import type {
  CreatedId,
  CursusView,
  DepartmentView,
  DisciplineView,
  NextSchoolYearResult,
  RemovalResult,
  SchoolYearView,
  TeacherAccountView,
  TeacherView,
} from '../../api/types.ts'
import type { ExportFormat } from '../../../db/rules/lists.ts'
import { allow, ctx, read, route, staffActor } from '../context.ts'
import { exportFile, type ExportTable } from '../exports.ts'
import { teachersTable } from '../presenters/courses.ts'
import { cursusTable, disciplinesTable, schoolYearsTable } from '../presenters/pedagogy-lists.ts'
import * as p from '../pedagogy-schemas.ts'
import * as schemas from '../schemas.ts'
import { staffRoute } from '../staff-route.ts'

type Id = { Params: { id: number } }
type Body<T> = { Payload: T }
type Dates = { startsOn: string; endsOn: string }
type Fields = Record<string, unknown>
type Remove = (trx: Trx, id: number, actor: PedagogyActor) => Promise<'deleted' | 'archived'>
type Restore = (trx: Trx, id: number, actor: PedagogyActor) => Promise<void>

const READ = CAN.readPedagogy
const EDIT = CAN.editPedagogy
const byId = { params: schemas.idParams }

/** Supprimer (deleted when nothing refers to it, archived otherwise) and Restaurer of a list. */
function removeAndRestore(segment: string, remove: Remove, restore: Restore) {
  return [
    staffRoute({
      method: 'DELETE',
      path: `/api/staff/${segment}/{id}`,
      can: EDIT,
      validate: { ...byId, payload: schemas.noPayload },
      work: async (trx, r: Request<Id>): Promise<RemovalResult> => ({
        outcome: await remove(trx, r.params.id, staffActor(r)),
      }),
    }),
    staffRoute({
      method: 'POST',
      path: `/api/staff/${segment}/{id}/restore`,
      can: EDIT,
      validate: { ...byId, payload: schemas.noPayload },
      work: (trx, r: Request<Id>) => restore(trx, r.params.id, staffActor(r)),
    }),
  ]
}

/** Créer (POST on the list) and Modifier (PUT on `{id}`) with one service that saves both. */
function createAndUpdate<T>(
  segment: string,
  payload: Schema,
  save: (trx: Trx, input: Fields & { id?: number }, actor: PedagogyActor) => Promise<T>,
) {
  return [
    staffRoute({
      method: 'POST',
      path: `/api/staff/${segment}`,
      can: EDIT,
      validate: { payload },
      work: (trx, r: Request<Body<Fields>>) => save(trx, r.payload, staffActor(r)),
    }),
    staffRoute({
      method: 'PUT',
      path: `/api/staff/${segment}/{id}`,
      can: EDIT,
      validate: { ...byId, payload },
      work: (trx, r: Request<Id & Body<Fields>>) =>
        save(trx, { ...r.payload, id: r.params.id }, staffActor(r)),
    }),
  ]
}

/** « Exporter en CSV » (or XLSX) of a whole list, archived rows included, for who reads it. */
function exportRoute(segment: string, table: (trx: Trx) => Promise<ExportTable>) {
  return route<{ Query: { format: ExportFormat } }>({
    method: 'GET',
    path: `/api/staff/${segment}/export`,
    options: { auth: allow(READ), validate: { query: p.exportFormat } },
    async handler(request, h) {
      const rows = await read(request, table)
      return exportFile(h, rows, request.query.format, ctx(request).clock)
    },
  })
}

const saveDepartmentOf = (trx: Trx, input: Fields & { id?: number }, actor: PedagogyActor) =>
  saveDepartment(trx, { ...input, name: input['name'] }, actor)
const saveDisciplineOf = (trx: Trx, input: Fields & { id?: number }, actor: PedagogyActor) =>
  saveDiscipline(trx, { ...input, departmentId: input['departmentId'], name: input['name'] }, actor)
const saveCursusOf = (trx: Trx, input: Fields & { id?: number }, actor: PedagogyActor) =>
  saveCursus(trx, { ...input, departmentId: input['departmentId'], name: input['name'] }, actor)
const saveCycleOf = (trx: Trx, input: Fields & { id?: number }, actor: PedagogyActor) =>
  saveCycle(trx, { ...input, cursusId: input['cursusId'], code: input['code'] }, actor)
const saveTeacherOf = (trx: Trx, input: Fields & { id?: number }, actor: PedagogyActor) =>
  saveTeacher(trx, { ...input, lastName: input['lastName'] } as TeacherInput, actor)

/**
 * « Pédagogie » of the back office, its lists: Années scolaires (create, make current, the next
 * one from the current one), Départements, Disciplines, Cursus et cycles, Enseignants (and the
 * Enseignant accounts a teacher may be linked to), their exports. Everyone who reads the pedagogy
 * reads them; Administrateur and Secrétariat change them.
 */
export const staffPedagogyApi: Plugin<void> = {
  name: 'portee-staff-pedagogy-api',
  register(server) {
    server.route([
      staffRoute({
        method: 'GET',
        path: '/api/staff/school-years',
        can: READ,
        work: (trx): Promise<SchoolYearView[]> => listSchoolYears(trx),
      }),
      exportRoute('school-years', async (trx) => schoolYearsTable(await listSchoolYears(trx))),
      staffRoute({
        method: 'POST',
        path: '/api/staff/school-years',
        can: EDIT,
        validate: { payload: p.schoolYear },
        work: (trx, r: Request<Body<Dates>>): Promise<SchoolYearView> =>
          createSchoolYear(trx, r.payload, staffActor(r)),
      }),
      staffRoute({
        method: 'POST',
        path: '/api/staff/school-years/next',
        can: EDIT,
        validate: { payload: p.nextSchoolYear },
        work: (trx, r: Request<Body<Partial<Dates> | null>>): Promise<NextSchoolYearResult> =>
          createNextSchoolYear(trx, r.payload ?? {}, staffActor(r)),
      }),
      staffRoute({
        method: 'PUT',
        path: '/api/staff/school-years/{id}/current',
        can: EDIT,
        validate: { ...byId, payload: schemas.noPayload },
        work: (trx, r: Request<Id>) => setCurrentSchoolYear(trx, r.params.id, staffActor(r)),
      }),
      staffRoute({
        method: 'GET',
        path: '/api/staff/departments',
        can: READ,
        work: (trx): Promise<DepartmentView[]> => listDepartments(trx),
      }),
      ...createAndUpdate<DepartmentView>('departments', p.named, saveDepartmentOf),
      ...removeAndRestore('departments', removeDepartment, restoreDepartment),
      staffRoute({
        method: 'GET',
        path: '/api/staff/disciplines',
        can: READ,
        work: (trx): Promise<DisciplineView[]> => listDisciplines(trx),
      }),
      exportRoute('disciplines', async (trx) => disciplinesTable(await listDisciplines(trx))),
      ...createAndUpdate<CreatedId>('disciplines', p.discipline, saveDisciplineOf),
      ...removeAndRestore('disciplines', removeDiscipline, restoreDiscipline),
      staffRoute({
        method: 'GET',
        path: '/api/staff/cursus',
        can: READ,
        work: (trx): Promise<CursusView[]> => listCursus(trx),
      }),
      exportRoute('cursus', async (trx) =>
        cursusTable(await listCursus(trx), await listDepartments(trx)),
      ),
      ...createAndUpdate<CreatedId>('cursus', p.cursus, saveCursusOf),
      ...removeAndRestore('cursus', removeCursus, restoreCursus),
      ...createAndUpdate<CreatedId>('cycles', p.cycle, saveCycleOf),
      ...removeAndRestore('cycles', removeCycle, restoreCycle),
      staffRoute({
        method: 'GET',
        path: '/api/staff/teachers',
        can: READ,
        work: (trx): Promise<TeacherView[]> => listTeachers(trx),
      }),
      exportRoute('teachers', async (trx) =>
        teachersTable(await listTeachers(trx), await listDisciplines(trx)),
      ),
      staffRoute({
        method: 'GET',
        path: '/api/staff/teacher-accounts',
        can: READ,
        work: (trx): Promise<TeacherAccountView[]> => listTeacherAccounts(trx),
      }),
      ...createAndUpdate<CreatedId>('teachers', p.teacher, saveTeacherOf),
      ...removeAndRestore('teachers', removeTeacher, restoreTeacher),
    ])
  },
}
