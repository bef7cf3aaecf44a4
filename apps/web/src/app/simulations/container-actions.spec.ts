import { TestBed } from '@angular/core/testing';
import { SimscopeApiError, type ContainerAction } from '@simscope/contracts';
import { containerFactory } from '../../testing/factories';
import { SIMSCOPE_CLIENT } from '../core/simscope-client';
import { ContainerActions, actionsFor } from './container-actions';

describe('actionsFor', () => {
  it.each([
    ['running', ['restart', 'stop']],
    ['restarting', ['restart', 'stop']],
    ['paused', ['restart', 'stop']],
    ['exited', ['start']],
    ['created', ['start']],
    ['dead', ['start']],
  ])('%s → %j', (state, expected) => {
    expect(actionsFor({ state })).toEqual(expected);
  });
});

describe('ContainerActions', () => {
  afterEach(() => TestBed.resetTestingModule());

  async function render(act: (ref: string, action: ContainerAction) => Promise<unknown>) {
    TestBed.configureTestingModule({
      providers: [{ provide: SIMSCOPE_CLIENT, useValue: { act } }],
    });
    const fixture = TestBed.createComponent(ContainerActions);
    fixture.componentRef.setInput('container', containerFactory({ id: 'c1', name: 'sim-1' }));
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    const click = async (selector: string) => {
      el.querySelector<HTMLButtonElement>(selector)?.click();
      await fixture.whenStable();
      await new Promise((r) => setTimeout(r, 0));
      await fixture.whenStable();
    };
    return { el, click };
  }

  it('asks once more, then restarts and says how it went', async () => {
    const act = jest.fn(() =>
      Promise.resolve({ action: 'restart', result: 'done', durationMs: 1234 }),
    );
    const { el, click } = await render(act);
    expect([...el.querySelectorAll('[data-action]')].map((b) => b.textContent?.trim())).toEqual([
      'Restart',
      'Stop',
    ]);

    await click('[data-action="restart"]');
    expect(act).not.toHaveBeenCalled();
    expect(el.textContent).toContain('Restart sim-1?');

    await click('button.primary');
    expect(act).toHaveBeenCalledWith('c1', 'restart');
    expect(el.querySelector('[role="status"]')?.textContent).toBe('Restart: done in 1.2 s');
  });

  it('says why the server refused', async () => {
    const refused = new SimscopeApiError(403, {
      statusCode: 403,
      error: 'Forbidden',
      message: 'sim-1 is labelled simscope.protected=true',
    });
    const { el, click } = await render(() => Promise.reject(refused));
    await click('[data-action="stop"]');
    await click('button.primary');
    const status = el.querySelector('[role="status"]');
    expect(status?.textContent).toBe(
      'Stop failed: 403 Forbidden: sim-1 is labelled simscope.protected=true',
    );
    expect(status?.classList).toContain('bad');
  });
});
