-- The board's search (GET /api/search): any part of a load's reference,
-- carrier or notes, any case, on every day. A trigram GIN index answers
-- ILIKE '%text%' without reading every load. pg_trgm ships with PostgreSQL
-- (embedded and system packages) and is a trusted extension: the database's
-- owner may create it without being a superuser.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
-- One expression over the three fields (newlines between them, which a search
-- box cannot type, so no match spans two fields); the query repeats it exactly.
CREATE INDEX IF NOT EXISTS "loads_search_trgm_idx" ON "loads"
  USING gin ((reference || E'\n' || coalesce(carrier, '') || E'\n' || coalesce(notes, '')) gin_trgm_ops);
