// The documents a family provides, as the seeds list them under Famille → "Documents fournis".
// Each is "À fournir" until the uploads of the online réinscription exist.

export const FAMILY_DOCUMENTS: readonly string[] = ['Coupon du règlement intérieur']
