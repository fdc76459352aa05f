-- Recent durations per route, kept across restarts: a fresh process estimates finish times from them before
-- its own requests finish (issue 11). One row per route, bounded by the writers (window and pruning).

-- CreateTable
CREATE TABLE "route_durations" (
    "route" TEXT NOT NULL,
    "instance_id" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "request_count" BIGINT NOT NULL,
    "median_ms" INTEGER NOT NULL,
    "p90_ms" INTEGER NOT NULL,
    "max_ms" INTEGER NOT NULL,
    "durations_ms" JSONB NOT NULL,

    CONSTRAINT "route_durations_pkey" PRIMARY KEY ("route")
);

-- CreateIndex
CREATE INDEX "route_durations_updated_at_idx" ON "route_durations"("updated_at" DESC);
