import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  type ElementRef,
  computed,
  effect,
  inject,
  input,
  signal,
  viewChild,
} from '@angular/core';
import type { LogLine } from '@simscope/contracts';
import type { Subscription } from 'rxjs';
import { ContainerStreams } from './container-streams';
import { SIMSCOPE_CLIENT } from '../core/simscope-client';

const KEEP = 1000;
type StreamFilter = 'both' | 'stdout' | 'stderr';

/** A simulation's output: the last 200 lines, then live lines while following (paused on demand). */
@Component({
  selector: 'sim-log-pane',
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './log-pane.html',
  styleUrl: './log-pane.css',
})
export class LogPane {
  readonly containerId = input.required<string>();
  readonly running = input(true);
  private readonly client = inject(SIMSCOPE_CLIENT);
  private readonly streams = inject(ContainerStreams);

  protected readonly lines = signal<LogLine[]>([]);
  protected readonly held = signal<LogLine[]>([]);
  protected readonly following = signal(true);
  protected readonly paused = signal(false);
  protected readonly filter = signal<StreamFilter>('both');
  protected readonly dropped = signal(0);
  protected readonly copied = signal(false);
  protected readonly status = signal('Loading…');
  protected readonly shown = computed(() => {
    const f = this.filter();
    return f === 'both' ? this.lines() : this.lines().filter((l) => l.stream === f);
  });
  private follow: Subscription | null = null;
  private readonly box = viewChild<ElementRef<HTMLElement>>('logBox');

  constructor() {
    effect(() => {
      const id = this.containerId();
      void this.load(id);
    });
    effect(() => {
      const id = this.containerId();
      const on = this.following() && this.running();
      this.follow?.unsubscribe();
      this.follow = on
        ? this.streams.followLogs(id).subscribe((e) => {
            if (e.kind === 'end') {
              this.following.set(false);
              return;
            }
            this.dropped.update((n) => n + e.dropped);
            if (this.paused()) {
              this.held.update((h) => [...h, ...e.lines].slice(-KEEP));
            } else {
              this.append(e.lines);
            }
          })
        : null;
    });
    effect(() => {
      if (!this.paused() && this.held().length) {
        this.append(this.held());
        this.held.set([]);
      }
    });
    inject(DestroyRef).onDestroy(() => this.follow?.unsubscribe());
  }

  private append(lines: LogLine[]): void {
    // Stay pinned to the newest line unless the reader scrolled up to look at older ones.
    const box = this.box()?.nativeElement;
    const pinned = !box || box.scrollHeight - box.scrollTop - box.clientHeight < 24;
    this.lines.update((l) => [...l, ...lines].slice(-KEEP));
    if (pinned && box) {
      requestAnimationFrame(() => (box.scrollTop = box.scrollHeight));
    }
  }

  private async load(id: string): Promise<void> {
    this.lines.set([]);
    this.status.set('Loading…');
    try {
      const logs = await this.client.logs(id, { tail: 200 });
      this.lines.update((l) => [...logs.lines, ...l].slice(-KEEP));
      this.status.set('No output yet.');
    } catch (err) {
      this.status.set(`Could not load logs: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  protected async copy(): Promise<void> {
    await navigator.clipboard?.writeText(
      this.shown()
        .map((l) => l.text)
        .join('\n'),
    );
    this.copied.set(true);
    setTimeout(() => this.copied.set(false), 1500);
  }
}
