// The one barrel: drizzle({ schema }) needs every table in one object.
export * from './users';
export * from './ramps';
export * from './statuses';
export * from './loads';
export * from './assignments';
export * from './events';
export * from './realtime';
export * from './displays';
export * from './safety';
export * from './webhooks';
export * from './carriers';
export * from './mail';
