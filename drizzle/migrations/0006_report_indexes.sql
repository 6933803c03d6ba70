-- Indexes for the KPIs and reports (SPEC §8), chosen from EXPLAIN ANALYZE in
-- bench/reports.ts (BENCHMARKS.md, "Reports"). Partial, so the hot write path
-- pays nothing for the rows that never have a gate arrival.
-- A day's KPIs count the trucks checked in at the gate whose load has no
-- assignment: without this, a sequential scan of every load (44 of 47 ms on a year).
CREATE INDEX IF NOT EXISTS "loads_arrived_at_idx" ON "loads" ("arrived_at") WHERE "arrived_at" IS NOT NULL;
