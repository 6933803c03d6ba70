ALTER TABLE "loads" ADD COLUMN "carrier" text;--> statement-breakpoint
ALTER TABLE "loads" ADD COLUMN "arrived_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "assignments" ADD COLUMN "arrived_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "assignments" ADD COLUMN "started_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "assignments" ADD COLUMN "completed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "assignments" ADD COLUMN "departed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "assignments" ADD COLUMN "called_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_started_after_arrived" CHECK ("assignments"."started_at" >= "assignments"."arrived_at");--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_completed_after_arrived" CHECK ("assignments"."completed_at" >= "assignments"."arrived_at");--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_completed_after_started" CHECK ("assignments"."completed_at" >= "assignments"."started_at");--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_departed_after_arrived" CHECK ("assignments"."departed_at" >= "assignments"."arrived_at");--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_departed_after_started" CHECK ("assignments"."departed_at" >= "assignments"."started_at");--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_departed_after_completed" CHECK ("assignments"."departed_at" >= "assignments"."completed_at");