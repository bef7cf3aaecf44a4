import { Module, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig, loadConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { DockerModule } from './docker/docker.module.js';
import { LiveModule } from './live/live.module.js';
import { HealthModule } from './health/health.module.js';
import { MetaModule } from './meta/meta.module.js';
import { AuthModule } from './auth/auth.module.js';
import { ActionsModule } from './actions/actions.module.js';
import { SimEventsModule } from './sim-events/sim-events.module.js';
import { RunBindingModule } from './run-binding/run-binding.module.js';
import { loggerOptions } from './common/logger.js';
import { toSettings } from './config/settings.js';

@Module({})
export class AppModule {
  /** Tests pass their own validated config; production reads the environment once. */
  static forRoot(config: AppConfig = loadConfig()): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerOptions(toSettings(config).log)),
        DockerModule,
        LiveModule,
        HealthModule,
        MetaModule,
        AuthModule,
        ActionsModule,
        SimEventsModule,
        RunBindingModule,
      ],
    };
  }
}
