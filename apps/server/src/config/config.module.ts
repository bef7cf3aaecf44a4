import { Global, Module, type DynamicModule } from '@nestjs/common';
import { AppConfig, loadConfig } from './app-config.js';
import {
  ActionsSettings,
  SimEventsSettings,
  DiscoverySettings,
  HttpSettings,
  LiveSettings,
  LogSettings,
  MetaSettings,
  RuntimeSettings,
  StatsSettings,
  toSettings,
} from './settings.js';

/** Each feature's settings under its own class; features never see the environment's names. */
@Global()
@Module({})
export class ConfigModule {
  /** Pass a config in tests; production validates process.env once. */
  static forRoot(config: AppConfig = loadConfig()): DynamicModule {
    const s = toSettings(config);
    const providers = [
      { provide: HttpSettings, useValue: s.http },
      { provide: LogSettings, useValue: s.log },
      { provide: DiscoverySettings, useValue: s.discovery },
      { provide: LiveSettings, useValue: s.live },
      { provide: StatsSettings, useValue: s.stats },
      { provide: MetaSettings, useValue: s.meta },
      { provide: RuntimeSettings, useValue: s.runtime },
      { provide: ActionsSettings, useValue: s.actions },
      { provide: SimEventsSettings, useValue: s.simEvents },
    ];
    return {
      module: ConfigModule,
      providers,
      exports: providers.map((p) => p.provide),
    };
  }
}
