-- Per display link: how long a TV shows each page of ramps, and whether ramps
-- with nothing at the door and nothing planned are left off (issue 12, item 7).
ALTER TABLE "display_links" ADD COLUMN "page_seconds" integer DEFAULT 10 NOT NULL;--> statement-breakpoint
ALTER TABLE "display_links" ADD COLUMN "hide_free_ramps" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "display_links" ADD CONSTRAINT "display_links_page_seconds_check" CHECK ("page_seconds" BETWEEN 5 AND 120);
