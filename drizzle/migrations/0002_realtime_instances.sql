CREATE TABLE "realtime_instances" (
	"id" text PRIMARY KEY NOT NULL,
	"heartbeat_at" timestamp with time zone DEFAULT now() NOT NULL,
	"clients" jsonb DEFAULT '[]'::jsonb NOT NULL
);
