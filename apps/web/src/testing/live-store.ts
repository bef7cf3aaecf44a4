import type { Provider } from '@angular/core';
import { LIVE_CONNECTION_OPTIONS } from '../app/core/live-connection';
import { LIVE_SOCKET_FACTORY } from '../app/core/live-socket';
import { SIMSCOPE_CLIENT } from '../app/core/simscope-client';
import type { FakeSocket } from './factories';

/**
 * What a feature store's spec provides: its fake REST client, the fake socket the connection opens,
 * and a socket retry far enough away (60 s) that a test controls every reconnect.
 */
export function liveStoreProviders(socket: FakeSocket, client: object): Provider[] {
  return [
    { provide: SIMSCOPE_CLIENT, useValue: client },
    { provide: LIVE_SOCKET_FACTORY, useValue: () => socket },
    {
      provide: LIVE_CONNECTION_OPTIONS,
      useValue: { pollMs: 5000, backoffMinMs: 60_000, backoffMaxMs: 60_000, jitter: 0 },
    },
  ];
}
