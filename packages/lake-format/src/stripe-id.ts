// The shape of a Stripe id as the archive takes it (the `id` column): letters, digits, `_`, `.` and `-`,
// 1 to 255 characters. summariseEvent refuses an event whose id is not one; the completeness audit
// refuses to put one into the SQL it sends, where ids are quoted into `IN (…)` and this shape (no quote,
// no space) is what keeps them literal.
const STRIPE_ID = /^[A-Za-z0-9_.-]{1,255}$/;

export function isStripeId(text: string): boolean {
  return STRIPE_ID.test(text);
}
