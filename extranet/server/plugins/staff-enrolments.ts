import type { Plugin, Request } from '@hapi/hapi'
import type { Schema } from 'joi'
import type { Trx } from '../../../db/connection.ts'
import { notFound } from '../../../db/services/pedagogy/common.ts'
import { enrolmentFollowUp } from '../../../db/services/pedagogy/enrolment-follow-up.ts'
import {
  cancelEnrolment,
  changeEnrolmentCycle,
  endEnrolment,
  enrolPupil,
} from '../../../db/services/pedagogy/enrolments.ts'
import {
  deleteFollowUp,
  saveEvaluation,
  saveRepertoireWork,
  saveSuiviNote,
} from '../../../db/services/pedagogy/follow-up.ts'
import {
  pupilEnrolments,
  pupilHistory,
  pupilRepertoire,
} from '../../../db/services/pedagogy/pupil-tabs.ts'
import { CAN } from '../../../db/rules/roles.ts'
import type {
  CreatedId,
  EnrolmentFollowUpView,
  EnrolmentLineView,
  PupilHistoryView,
  RepertoireYearView,
} from '../../api/types.ts'
import { staffActor } from '../context.ts'
import * as p from '../pedagogy-schemas.ts'
import * as schemas from '../schemas.ts'
import { staffRoute } from '../staff-route.ts'

type Id = { Params: { id: number } }
type Fields = Record<string, unknown>
type Body = Id & { Payload: Fields }
type FollowUpKind = Parameters<typeof deleteFollowUp>[1]
type FollowUpInput = Fields & { enrolmentId: number; id?: number }
type Actor = ReturnType<typeof staffActor>
type Nested<K extends string> = { Params: { id: number } & Record<K, number>; Payload: Fields }

const READ = CAN.readPedagogy
const EDIT = CAN.editPedagogy
const byId = { params: schemas.idParams }

async function followUp(trx: Trx, enrolmentId: number): Promise<EnrolmentFollowUpView> {
  const found = await enrolmentFollowUp(trx, enrolmentId)
  if (!found) throw notFound('Cette inscription est introuvable.')
  return found
}

/** Supprimer, for a row of the follow-up entered by mistake: `{id}` is its enrolment or pupil. */
function deleteRoute(
  owner: 'enrolments' | 'pupils',
  segment: string,
  param: string,
  kind: FollowUpKind,
) {
  return staffRoute({
    method: 'DELETE',
    path: `/api/staff/${owner}/{id}/${segment}/{${param}}`,
    can: EDIT,
    sees: owner === 'pupils' ? 'pupil' : 'enrolment',
    validate: { params: p.nestedParams(param), payload: schemas.noPayload },
    work: (trx, r: Request<{ Params: Record<string, number> }>) =>
      deleteFollowUp(trx, kind, r.params[param] ?? 0, r.params['id'] ?? 0, staffActor(r)),
  })
}

/**
 * An évaluation or a suivi note of an enrolment: recorded (POST), corrected (PUT on its id),
 * deleted (DELETE on its id).
 */
function followUpRoutes(
  segment: 'evaluations' | 'suivi',
  param: 'evaluationId' | 'noteId',
  payload: Schema,
  save: (trx: Trx, input: FollowUpInput, actor: Actor) => Promise<CreatedId>,
) {
  return [
    staffRoute({
      method: 'POST',
      path: `/api/staff/enrolments/{id}/${segment}`,
      can: EDIT,
      sees: 'enrolment',
      validate: { ...byId, payload },
      work: (trx, r: Request<Body>) =>
        save(trx, { ...r.payload, enrolmentId: r.params.id }, staffActor(r)),
    }),
    staffRoute({
      method: 'PUT',
      path: `/api/staff/enrolments/{id}/${segment}/{${param}}`,
      can: EDIT,
      sees: 'enrolment',
      validate: { params: p.nestedParams(param), payload },
      work: (trx, r: Request<Nested<typeof param>>) =>
        save(trx, { ...r.payload, enrolmentId: r.params.id, id: r.params[param] }, staffActor(r)),
    }),
    deleteRoute('enrolments', segment, param, segment === 'suivi' ? 'suivi_note' : 'evaluation'),
  ]
}

const saveEvaluationOf = (trx: Trx, input: FollowUpInput, actor: Actor) =>
  saveEvaluation(trx, { ...input, date: input['date'], kind: input['kind'] }, actor)
const saveSuivi = (trx: Trx, input: FollowUpInput, actor: Actor) =>
  saveSuiviNote(trx, { ...input, date: input['date'], text: input['text'] }, actor)

/**
 * The pupil's page and the course page's pupils: a pupil's enrolments (every year), their history
 * (the earlier years and the end-of-cycle results), enrol in a course, end an enrolment, change
 * its cycle, take it back; an enrolment's follow-up (suivi, évaluations, absences); the pupil's
 * répertoire. Every `{id}` is checked against the staff
 * member's sites (the pupil's family's site).
 */
export const staffEnrolmentsApi: Plugin<void> = {
  name: 'portee-staff-enrolments-api',
  register(server) {
    server.route([
      staffRoute({
        method: 'GET',
        path: '/api/staff/pupils/{id}/enrolments',
        can: READ,
        sees: 'pupil',
        validate: byId,
        work: (trx, r: Request<Id>): Promise<EnrolmentLineView[]> =>
          pupilEnrolments(trx, r.params.id),
      }),
      staffRoute({
        method: 'GET',
        path: '/api/staff/pupils/{id}/history',
        can: READ,
        sees: 'pupil',
        validate: byId,
        work: (trx, r: Request<Id>): Promise<PupilHistoryView> => pupilHistory(trx, r.params.id),
      }),
      staffRoute({
        method: 'POST',
        path: '/api/staff/pupils/{id}/enrolments',
        can: EDIT,
        sees: 'pupil',
        validate: { ...byId, payload: p.enrolment },
        work: (trx, r: Request<Body>): Promise<{ enrolmentId: number }> =>
          enrolPupil(
            trx,
            {
              ...r.payload,
              pupilId: r.params.id,
              courseId: r.payload['courseId'],
              schoolYearId: r.payload['schoolYearId'],
            },
            staffActor(r),
          ),
      }),
      staffRoute({
        method: 'GET',
        path: '/api/staff/pupils/{id}/repertoire',
        can: READ,
        sees: 'pupil',
        validate: byId,
        work: (trx, r: Request<Id>): Promise<RepertoireYearView[]> =>
          pupilRepertoire(trx, r.params.id),
      }),
      staffRoute({
        method: 'POST',
        path: '/api/staff/pupils/{id}/repertoire',
        can: EDIT,
        sees: 'pupil',
        validate: { ...byId, payload: p.repertoireWork },
        work: (trx, r: Request<Body>): Promise<CreatedId> =>
          saveRepertoireWork(trx, repertoireInput(r.payload, r.params.id), staffActor(r)),
      }),
      staffRoute({
        method: 'PUT',
        path: '/api/staff/pupils/{id}/repertoire/{workId}',
        can: EDIT,
        sees: 'pupil',
        validate: { params: p.nestedParams('workId'), payload: p.repertoireWork },
        work: (trx, r: Request<Nested<'workId'>>): Promise<CreatedId> =>
          saveRepertoireWork(
            trx,
            { ...repertoireInput(r.payload, r.params.id), id: r.params.workId },
            staffActor(r),
          ),
      }),
      deleteRoute('pupils', 'repertoire', 'workId', 'repertoire_work'),
      staffRoute({
        method: 'GET',
        path: '/api/staff/enrolments/{id}',
        can: READ,
        sees: 'enrolment',
        validate: byId,
        work: (trx, r: Request<Id>) => followUp(trx, r.params.id),
      }),
      staffRoute({
        method: 'PUT',
        path: '/api/staff/enrolments/{id}/end',
        can: EDIT,
        sees: 'enrolment',
        validate: { ...byId, payload: p.enrolmentEnd },
        work: (trx, r: Request<Body>) =>
          endEnrolment(
            trx,
            { enrolmentId: r.params.id, endsOn: r.payload['endsOn'] },
            staffActor(r),
          ),
      }),
      staffRoute({
        method: 'PUT',
        path: '/api/staff/enrolments/{id}/cycle',
        can: EDIT,
        sees: 'enrolment',
        validate: { ...byId, payload: p.enrolmentCycle },
        work: (trx, r: Request<Body>) =>
          changeEnrolmentCycle(
            trx,
            {
              enrolmentId: r.params.id,
              cursusId: r.payload['cursusId'],
              cycleId: r.payload['cycleId'],
            },
            staffActor(r),
          ),
      }),
      staffRoute({
        method: 'DELETE',
        path: '/api/staff/enrolments/{id}',
        can: EDIT,
        sees: 'enrolment',
        validate: { ...byId, payload: schemas.noPayload },
        work: (trx, r: Request<Id>) => cancelEnrolment(trx, r.params.id, staffActor(r)),
      }),
      ...followUpRoutes('evaluations', 'evaluationId', p.evaluation, saveEvaluationOf),
      ...followUpRoutes('suivi', 'noteId', p.suiviNote, saveSuivi),
    ])
  },
}

function repertoireInput(payload: Fields, pupilId: number) {
  return { ...payload, pupilId, schoolYearId: payload['schoolYearId'], title: payload['title'] }
}
