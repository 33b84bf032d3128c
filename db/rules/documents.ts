// The documents a family provides, as the seeds list them under Famille → "Documents fournis".
// Each is "À fournir": handed to the secretariat (their import here is not built yet).

export const FAMILY_DOCUMENTS: readonly string[] = ['Coupon du règlement intérieur']
