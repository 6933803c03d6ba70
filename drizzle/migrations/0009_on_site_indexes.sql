-- Who is on site (server/yard/yard-sql.ts: the yard panel and the KPIs'
-- on dock and waiting) is read by arrival and start times within the last
-- days. Partial: rows never checked in or started cost the write path nothing.
CREATE INDEX IF NOT EXISTS "assignments_arrived_at_idx" ON "assignments" ("arrived_at") WHERE "arrived_at" IS NOT NULL AND NOT "cancelled";--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "assignments_started_at_idx" ON "assignments" ("started_at") WHERE "started_at" IS NOT NULL AND NOT "cancelled";
