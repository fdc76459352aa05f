import { DynamicModule, Global, Module } from '@nestjs/common';

import { APP_CONFIG, type AppConfig } from './app-config.js';

/** Provides the validated `AppConfig` under `APP_CONFIG` to every module of the application. */
@Global()
@Module({})
export class ConfigModule {
  /** @param config the object returned by `loadConfig(process.env)` at boot. */
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: APP_CONFIG, useValue: config }],
      exports: [APP_CONFIG],
    };
  }
}
