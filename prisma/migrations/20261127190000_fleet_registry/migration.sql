-- Fleet registry (issue 12): addresses, state, load and end of each instance; its transitions; rolling drains;
-- and the attachments table of @socket.io/postgres-adapter (payloads over 8 kB).

-- AlterTable
ALTER TABLE "instances" ADD COLUMN "traffic_url" TEXT,
ADD COLUMN "admin_url" TEXT,
ADD COLUMN "state" TEXT NOT NULL DEFAULT 'starting',
ADD COLUMN "in_flight" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN "open_connections" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN "stopped_at" TIMESTAMPTZ(3),
ADD COLUMN "lost_at" TIMESTAMPTZ(3);

-- CreateIndex
CREATE INDEX "instances_state_idx" ON "instances"("state");

-- CreateTable
CREATE TABLE "instance_transitions" (
    "id" BIGSERIAL NOT NULL,
    "instance_id" TEXT NOT NULL,
    "from_state" TEXT,
    "to_state" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "run_id" UUID,
    "detail" TEXT,

    CONSTRAINT "instance_transitions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "instance_transitions_instance_id_at_idx" ON "instance_transitions"("instance_id", "at");

-- AddForeignKey
ALTER TABLE "instance_transitions" ADD CONSTRAINT "instance_transitions_instance_id_fkey" FOREIGN KEY ("instance_id") REFERENCES "instances"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- CreateTable
CREATE TABLE "fleet_rollouts" (
    "id" UUID NOT NULL,
    "coordinator_id" TEXT NOT NULL,
    "mode" TEXT NOT NULL,
    "deadline_ms" INTEGER,
    "status" TEXT NOT NULL,
    "instances" JSONB NOT NULL,
    "steps" JSONB NOT NULL DEFAULT '[]',
    "message" TEXT,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "fleet_rollouts_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "fleet_rollouts_started_at_idx" ON "fleet_rollouts"("started_at" DESC);

-- CreateTable
CREATE TABLE "socket_io_attachments" (
    "id" BIGSERIAL NOT NULL,
    "created_at" TIMESTAMPTZ(3) DEFAULT CURRENT_TIMESTAMP,
    "payload" BYTEA
);

-- CreateIndex
CREATE UNIQUE INDEX "socket_io_attachments_id_key" ON "socket_io_attachments"("id");
