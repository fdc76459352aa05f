import { type DynamicModule, Global, Module } from '@nestjs/common';

import { DATABASE_URL, PrismaService } from './prisma.service.js';

/** Provides `PrismaService` to every module, connected to the URL returned by `openDatabase`. */
@Global()
@Module({})
export class DatabaseModule {
  /** @param url the migrated database's URL (`(await openDatabase(config)).url`). */
  static forRoot(url: string): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [{ provide: DATABASE_URL, useValue: url }, PrismaService],
      exports: [PrismaService, DATABASE_URL],
    };
  }
}
