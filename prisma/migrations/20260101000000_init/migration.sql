-- CreateTable
CREATE TABLE "instances" (
    "id" TEXT NOT NULL,
    "host" TEXT NOT NULL,
    "pid" INTEGER NOT NULL,
    "version" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "instances_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "drain_runs" (
    "id" UUID NOT NULL,
    "instance_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "trigger_source" TEXT NOT NULL,
    "trigger" JSONB NOT NULL,
    "reason" TEXT,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "finished_at" TIMESTAMPTZ(3),
    "outcome" TEXT NOT NULL,
    "in_flight_at_start" INTEGER NOT NULL,
    "aborted_count" INTEGER NOT NULL DEFAULT 0,
    "deadline_ms" INTEGER NOT NULL,

    CONSTRAINT "drain_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "drain_stages" (
    "id" BIGSERIAL NOT NULL,
    "run_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "order" INTEGER NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "ended_at" TIMESTAMPTZ(3),
    "duration_ms" DOUBLE PRECISION,
    "outcome" TEXT NOT NULL,
    "details" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "drain_stages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "aborted_requests" (
    "id" BIGSERIAL NOT NULL,
    "run_id" UUID NOT NULL,
    "method" TEXT NOT NULL,
    "route" TEXT NOT NULL,
    "age_ms" DOUBLE PRECISION NOT NULL,
    "bytes_sent" INTEGER NOT NULL,

    CONSTRAINT "aborted_requests_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "drain_runs_started_at_idx" ON "drain_runs"("started_at" DESC);

-- CreateIndex
CREATE INDEX "drain_runs_instance_id_idx" ON "drain_runs"("instance_id");

-- CreateIndex
CREATE UNIQUE INDEX "drain_stages_run_id_name_key" ON "drain_stages"("run_id", "name");

-- CreateIndex
CREATE INDEX "aborted_requests_run_id_idx" ON "aborted_requests"("run_id");

-- AddForeignKey
ALTER TABLE "drain_runs" ADD CONSTRAINT "drain_runs_instance_id_fkey" FOREIGN KEY ("instance_id") REFERENCES "instances"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "drain_stages" ADD CONSTRAINT "drain_stages_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "drain_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "aborted_requests" ADD CONSTRAINT "aborted_requests_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "drain_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
