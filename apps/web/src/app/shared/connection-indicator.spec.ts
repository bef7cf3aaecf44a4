import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { LiveConnection, type ConnectionMode, type ConnectionState } from '../core/live-connection';
import { ConnectionIndicator } from './connection-indicator';

function render(mode: ConnectionMode, error: string | null = null) {
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
});
