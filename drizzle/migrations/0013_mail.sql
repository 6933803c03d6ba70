-- SPEC §9 e-mail: a consumer of board_events (DESIGN "Integrations read the event log") with a transactional outbox.
-- One row: the cursor over the event log and the lease of the one instance that consumes it and sends (server/mail/*).
-- Created the first time an instance starts with SMTP_URL, at the head of the log: no mail for what happened before.
CREATE TABLE "mail_consumer" (
	"id" integer PRIMARY KEY CONSTRAINT "mail_consumer_one_row" CHECK ("id" = 1),
	"last_seq" bigint NOT NULL,
	"lease_owner" text,
	"lease_until" timestamp with time zone,
	"enabled_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
-- One row per message and recipient. A row is written in the transaction that decides it (the cursor's move, the
-- overdue scan, a webhook's pause); dedupe_key makes deciding twice harmless. The sender marks sent_at once the SMTP
-- server accepted it; a 5xx answer gives up (gave_up_at), anything else retries at next_attempt_at.
CREATE TABLE "mail_outbox" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY,
	"dedupe_key" text NOT NULL CONSTRAINT "mail_outbox_dedupe_key" UNIQUE,
	"to_address" text NOT NULL,
	"subject" text NOT NULL,
	"text_body" text NOT NULL,
	"html_body" text NOT NULL,
	-- The event it comes from; null for the overdue scan and webhook pauses.
	"source_seq" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	"gave_up_at" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
CREATE INDEX "mail_outbox_due_idx" ON "mail_outbox" ("next_attempt_at", "id") WHERE "sent_at" IS NULL AND "gave_up_at" IS NULL;
