// The bank's file of a SEPA direct debit export: ISO 20022 pain.008.001.02 (Customer Direct
// Debit Initiation), SEPA Core, one payment information block per sequence type (FRST, RCUR),
// built with fast-xml-parser's XMLBuilder. Names and texts are in the SEPA character set
// (db/rules/sepa.ts sepaText); amounts in euros with two decimals, from the cents.
import { XMLBuilder } from 'fast-xml-parser'
import type { Trx } from '../../connection.ts'
import {
  bicError,
  ibanError,
  ibanOf,
  sepaAmount,
  sepaText,
  type SequenceType,
} from '../../rules/sepa.ts'

export interface SepaCreditor {
  /** ICS, « identifiant créancier SEPA »: FR12ZZZ123456. */
  id: string
  name: string
  iban: string
  bic: string
}

export interface SepaTransaction {
  endToEndId: string
  amountCents: number
  sequence: SequenceType
  rum: string
  signedOn: string
  debtorName: string
  debtorIban: string
  debtorBic: string
  /** What the family reads on its bank statement: the invoice's number. */
  remittance: string
}

export interface SepaFile {
  messageId: string
  /** ISO time of creation. */
  createdAt: string
  collectionDate: string
  creditor: SepaCreditor
  transactions: readonly SepaTransaction[]
}

const NAMESPACE = 'urn:iso:std:iso:20022:tech:xsd:pain.008.001.02'

const builder = new XMLBuilder({ ignoreAttributes: false, format: true, indentBy: '  ' })

function total(transactions: readonly SepaTransaction[]): string {
  return sepaAmount(transactions.reduce((sum, t) => sum + t.amountCents, 0))
}

function transaction(t: SepaTransaction) {
  return {
    PmtId: { EndToEndId: t.endToEndId },
    InstdAmt: { '#text': sepaAmount(t.amountCents), '@_Ccy': 'EUR' },
    DrctDbtTx: { MndtRltdInf: { MndtId: t.rum, DtOfSgntr: t.signedOn } },
    DbtrAgt: { FinInstnId: { BIC: t.debtorBic } },
    Dbtr: { Nm: sepaText(t.debtorName) },
    DbtrAcct: { Id: { IBAN: t.debtorIban } },
    RmtInf: { Ustrd: sepaText(t.remittance, 140) },
  }
}

function paymentInformation(file: SepaFile, sequence: SequenceType, txs: SepaTransaction[]) {
  const { creditor } = file
  return {
    PmtInfId: `${file.messageId}-${sequence}`,
    PmtMtd: 'DD',
    BtchBookg: 'true',
    NbOfTxs: String(txs.length),
    CtrlSum: total(txs),
    PmtTpInf: { SvcLvl: { Cd: 'SEPA' }, LclInstrm: { Cd: 'CORE' }, SeqTp: sequence },
    ReqdColltnDt: file.collectionDate,
    Cdtr: { Nm: sepaText(creditor.name) },
    CdtrAcct: { Id: { IBAN: creditor.iban } },
    CdtrAgt: { FinInstnId: { BIC: creditor.bic } },
    ChrgBr: 'SLEV',
    CdtrSchmeId: {
      Id: { PrvtId: { Othr: { Id: creditor.id, SchmeNm: { Prtry: 'SEPA' } } } },
    },
    DrctDbtTxInf: txs.map(transaction),
  }
}

/** The XML text of the file. */
export function sepaXml(file: SepaFile): string {
  const blocks = (['FRST', 'RCUR'] as const)
    .map((sequence) => ({
      sequence,
      txs: file.transactions.filter((t) => t.sequence === sequence),
    }))
    .filter((block) => block.txs.length > 0)
  const document = {
    Document: {
      '@_xmlns': NAMESPACE,
      '@_xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
      CstmrDrctDbtInitn: {
        GrpHdr: {
          MsgId: file.messageId,
          CreDtTm: file.createdAt.slice(0, 19),
          NbOfTxs: String(file.transactions.length),
          CtrlSum: total(file.transactions),
          InitgPty: { Nm: sepaText(file.creditor.name) },
        },
        PmtInf: blocks.map((block) => paymentInformation(file, block.sequence, block.txs)),
      },
    },
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build(document) as string}`
}

/** The conservatoire as SEPA creditor (billing_settings), or the reason it cannot collect yet. */
export async function sepaCreditor(trx: Trx): Promise<SepaCreditor | null> {
  const row = await trx('billing_settings').where({ id: 1 }).first<
    | {
        sepa_creditor_id: string
        sepa_creditor_name: string
        sepa_creditor_iban: string
        sepa_creditor_bic: string
      }
    | undefined
  >('sepa_creditor_id', 'sepa_creditor_name', 'sepa_creditor_iban', 'sepa_creditor_bic')
  if (!row) return null
  const creditor = {
    id: row.sepa_creditor_id.trim().toUpperCase(),
    name: row.sepa_creditor_name.trim(),
    iban: ibanOf(row.sepa_creditor_iban),
    bic: row.sepa_creditor_bic.trim().toUpperCase(),
  }
  const complete =
    creditor.id && creditor.name && !ibanError(creditor.iban) && !bicError(creditor.bic)
  return complete ? creditor : null
}
