// Whether a person may choose a unit as an answer: the one check behind approvals (API, import,
// CLI) and a questionnaire's per-row choices. The unit must exist, carry a disclosed answer and,
// with a product, apply to that product (checked in that order, so the first problem is named).
import type { Unit } from './schema';
import { AppError } from '../messages/error';

/** `key`: the questionnaire row the choice was made for, named in the message. */
export function unitChoiceProblem(unit: Unit | undefined, unitId: string, product: string | null, key?: string): AppError | null {
  const where = key === undefined ? {} : { key };
  if (!unit) return new AppError('unknown_unit', { ...where, unitId });
  if (!unit.hasAnswer) return new AppError('unit_without_answer', { ...where, unitId });
  if (product !== null && !unit.products.includes(product)) return new AppError('unit_not_for_product', { ...where, unitId, product });
  return null;
}
