import { integer, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';

export const statuses = pgTable(
  'statuses',
  {
    id: serial('id').primaryKey(),
    code: text('code').notNull(),
    label: text('label').notNull(),
    color: text('color').notNull(),
    sortOrder: integer('sort_order').notNull().default(0),
  },
  (t) => [uniqueIndex('statuses_code_key').on(t.code)],
);
