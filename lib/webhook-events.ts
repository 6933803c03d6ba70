// The event types a webhook endpoint may subscribe to: zod-free, so the admin
// screen in the browser and the schema on the server share one list.
export const WEBHOOK_EVENT_TYPES = [
  'assignment_created',
  'assignment_updated',
  'assignment_deleted',
  'ramp_created',
  'ramp_updated',
  'ramp_deleted',
  'load_created',
  'load_updated',
  'load_deleted',
  'status_created',
  'status_updated',
  'status_deleted',
] as const;
