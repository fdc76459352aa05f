// Prisma CLI configuration (Prisma 7). The API does not read this file: it applies
// prisma/migrations itself on boot. `prisma migrate deploy` uses it where the engine exists.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost:5432/drainboard' },
});
