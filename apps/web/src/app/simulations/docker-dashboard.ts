import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import type { DockerStatusPayload } from '@simscope/contracts';
import { catchError, from, map, of, switchMap, timer } from 'rxjs';
import { SIMSCOPE_CLIENT } from '../core/simscope-client';

type StatusView =
  | { kind: 'loading' }
  | { kind: 'ok'; status: DockerStatusPayload }
  | { kind: 'server-down'; error: string };

const LOADING: StatusView = { kind: 'loading' };

@Component({
  selector: 'sim-docker-dashboard',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>Simulations</h1>
    @switch (view().kind) {
      @case ('loading') {
        <p class="muted">Asking the server about Docker…</p>
      }
      @case ('server-down') {
        <section class="banner bad" role="alert">
          <strong>The simscope server is not answering.</strong>
          <span>{{ serverError() }}</span>
        </section>
      }
      @case ('ok') {
        @let s = status()!;
        @if (s.reachable) {
          <section class="banner ok" data-testid="docker-status">
            <strong>Docker reachable</strong>
            <span
              >{{ s.engine?.name }} · Docker {{ s.engine?.serverVersion }} ·
              {{ s.engine?.containersRunning }} of {{ s.engine?.containers }} containers running ·
              <code>{{ s.endpoint }}</code></span
            >
          </section>
        } @else {
          <section class="banner bad" role="alert" data-testid="docker-status">
            <strong>Docker unreachable ({{ s.source.diagnosis?.code }})</strong>
            <span>{{ s.source.diagnosis?.remediation }}</span>
            <code>{{ s.source.diagnosis?.error }}</code>
          </section>
        }
      }
    }
  `,
  styles: `
    h1 {
      font-size: 1.3rem;
      font-weight: 600;
      margin: 0 0 1rem;
    }
    .muted {
      color: var(--muted);
    }
    .banner {
      display: flex;
      flex-direction: column;
      gap: 0.3rem;
      padding: 0.8rem 1rem;
      border-radius: 6px;
      border: 1px solid var(--line);
      border-left-width: 4px;
      background: var(--panel);
    }
    .banner.ok {
      border-left-color: var(--ok);
    }
    .banner.bad {
      border-left-color: var(--bad);
    }
  `,
})
export class DockerDashboard {
  private readonly client = inject(SIMSCOPE_CLIENT);

  protected readonly view = toSignal(
    timer(0, 5000).pipe(
      switchMap(() =>
        from(this.client.dockerStatus()).pipe(
          map((status): StatusView => ({ kind: 'ok', status })),
          catchError((err: unknown) => of<StatusView>({ kind: 'server-down', error: String(err) })),
        ),
      ),
    ),
    { initialValue: LOADING },
  );

  protected status(): DockerStatusPayload | null {
    const v = this.view();
    return v.kind === 'ok' ? v.status : null;
  }

  protected serverError(): string {
    const v = this.view();
    return v.kind === 'server-down' ? v.error : '';
  }
}
