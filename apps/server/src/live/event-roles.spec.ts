import { MESSAGE_METADATA } from '@nestjs/websockets/constants';
import { EVENT_ROLES, LiveGateway } from './live.gateway.js';

describe('every socket event declares who may send it', () => {
  it('matches the role table (a new event, or one without a role, fails here)', () => {
    const proto = LiveGateway.prototype as unknown as Record<string, unknown>;
    const events = Object.getOwnPropertyNames(proto)
      .map((name) => proto[name])
      .filter((h): h is object => typeof h === 'function')
      .map((h) => Reflect.getMetadata(MESSAGE_METADATA, h) as string | undefined)
      .filter((e): e is string => e !== undefined);

    expect(Object.fromEntries(events.map((e) => [e, EVENT_ROLES[e] ?? 'NONE']))).toEqual({
      watch_container: 'viewer',
      unwatch_container: 'viewer',
      // Logs may hold secrets.
      'logs:follow': 'operator',
      'logs:unfollow': 'viewer',
      'events:follow': 'viewer',
      'events:unfollow': 'viewer',
      'docker_simulations:resync': 'viewer',
      subscribe: 'viewer',
    });
  });
});
