import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { LiveConnection, type ConnectionMode, type ConnectionState } from '../core/live-connection';
import type { SourceState } from '@simscope/contracts';
import { SimulationsStore } from '../simulations/simulations.store';
import { ConnectionIndicator } from './connection-indicator';

function render(
  mode: ConnectionMode,
  error: string | null = null,
  source: SourceState | null = { status: 'live', lastSuccessAt: null },
) {
  const state: ConnectionState = {
    mode,
    lastUpdateAt: Date.now() - 3000,
    refusal: null,
    error,
    nextSocketAttemptAt: null,
  };
  TestBed.configureTestingModule({
    providers: [
      {
        provide: LiveConnection,
        useValue: { state: signal(state), reconnectNow: jest.fn() },
      },
      { provide: SimulationsStore, useValue: { source: signal(source) } },
    ],
  });
  const fixture = TestBed.createComponent(ConnectionIndicator);
  fixture.detectChanges();
  return fixture.nativeElement as HTMLElement;
}

describe('ConnectionIndicator', () => {
  afterEach(() => TestBed.resetTestingModule());

  it.each<[ConnectionMode, boolean]>([
    ['live', false],
    ['polling', true],
    ['offline', true],
    ['connecting', false],
  ])('%s: says so in words, announced politely; reconnect offered: %p', (mode, reconnect) => {
    const el = render(mode, 'websocket error');
    const label = el.querySelector('[data-testid="connection-mode"]');
    expect(label?.textContent).toBe(mode);
    expect(label?.getAttribute('aria-live')).toBe('polite');
    expect(el.querySelector('[data-testid="last-update"]')?.textContent).toContain(
      'updated 3s ago',
    );
    expect(Boolean(el.querySelector('button'))).toBe(reconnect);
  });

  it('explains a fallback in its title', () => {
    const el = render('polling', 'The server refused a live connection (global cap 0/0)');
    expect(el.querySelector('[data-testid="connection"]')?.getAttribute('title')).toContain(
      'refused a live connection',
    );
  });

  it.each<[string, SourceState | null, string | null]>([
    ['Docker live', { status: 'live', lastSuccessAt: 'x' }, null],
    ['not known yet', null, null],
    ['never reached', { status: 'unavailable', lastSuccessAt: null }, 'Docker unreachable'],
    [
      'lost, rows kept',
      { status: 'stale', lastSuccessAt: 'x', staleSince: 'y' },
      'Docker unreachable · last known state',
    ],
  ])('says whether simscope sees Docker while the link is live: %s', (_name, source, says) => {
    const el = render('live', null, source);
    expect(el.querySelector('[data-testid="docker-state"]')?.textContent ?? null).toBe(says);
    expect(el.querySelector('.conn-docker-down') !== null).toBe(says !== null);
  });
});
