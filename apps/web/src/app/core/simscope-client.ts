import { InjectionToken } from '@angular/core';
import { SimscopeClient } from '@simscope/contracts';
import { storedToken } from './token';

/** The typed REST client; tests provide their own. Same-origin by default (served by the server or nginx). */
export const SIMSCOPE_CLIENT = new InjectionToken<SimscopeClient>('SIMSCOPE_CLIENT', {
  providedIn: 'root',
  factory: () => new SimscopeClient({ baseUrl: '', token: storedToken() }),
});
