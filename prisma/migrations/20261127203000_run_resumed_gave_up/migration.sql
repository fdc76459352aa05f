-- A resume keeps the run's outcome and records when it happened; requests whose handler gave up (5xx after
-- their AbortSignal fired) are listed with the cut-off ones, with their kind and status code; responses sent
-- during the run are counted by status code.

-- AlterTable
ALTER TABLE "drain_runs" ADD COLUMN "resumed_at" TIMESTAMPTZ(3),
ADD COLUMN "status_codes" JSONB NOT NULL DEFAULT '{}';

-- AlterTable
ALTER TABLE "aborted_requests" ADD COLUMN "kind" TEXT NOT NULL DEFAULT 'aborted',
ADD COLUMN "status_code" INTEGER;

-- Runs recorded as `resumed` before the outcome was kept: the outcome they had is unknown; keep them findable.
UPDATE "drain_runs" SET "resumed_at" = "finished_at", "outcome" = 'clean' WHERE "outcome" = 'resumed';
