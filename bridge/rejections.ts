// Why a device message was refused. Each reason is a label of the /metrics rejection counter.
export const REJECT_REASONS = [
  'oversized', 'not_parseable', 'bad_topic', 'unknown_district', 'unknown_device',
  'bad_shape', 'unknown_quantity', 'wrong_type', 'out_of_range',
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

export interface Rejection { ok: false; reason: RejectReason; detail: string }

export const reject = (reason: RejectReason, detail: string): Rejection => ({ ok: false, reason, detail });
