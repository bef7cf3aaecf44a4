import { Injectable, inject } from '@angular/core';
import type { LogLine, SimEvent, StatsSample } from '@simscope/contracts';
import { Observable, Subject, filter } from 'rxjs';
import { LiveConnection } from '../core/live-connection';

export type LogsEvent =
  | { kind: 'chunk'; id: string; lines: LogLine[]; dropped: number }
  | { kind: 'end'; id: string; reason: string };

/** Samples kept per watched container, as the detail panel's trend shows them. */
const KEPT_SAMPLES = 60;

/**
 * Per-container streams the inventory does not carry: live resource samples and followed log
 * lines, each only while someone subscribes and only while the connection is live.
 */
@Injectable({ providedIn: 'root' })
export class ContainerStreams {
  private readonly connection = inject(LiveConnection);
  private readonly stats = new Subject<StatsSample>();
  private readonly logs = new Subject<LogsEvent>();
  private readonly events = new Subject<{ id: string; events: SimEvent[] }>();

  constructor() {
    this.connection.register({
      attach: (socket) => {
        socket.on('container_stats', (e) => e.samples.forEach((s) => this.stats.next(s)));
        socket.on('logs:chunk', (chunk) => this.logs.next({ kind: 'chunk', ...chunk }));
        socket.on('logs:end', (end) => this.logs.next({ kind: 'end', ...end }));
        socket.on('events:batch', (b) => this.events.next(b));
      },
    });
  }

  /**
   * Live stats of one simulation while subscribed: the history so far, then each new sample (the
   * last 60). Watches again after a reconnect; nothing while the console polls.
   */
  watchStats(id: string): Observable<StatsSample[]> {
    return this.connection.whileLive(
      (socket) =>
        new Observable<StatsSample[]>((sub) => {
          let samples: StatsSample[] = [];
          const own = this.stats
            .pipe(filter((s) => s.id === id))
            .subscribe((s) => sub.next((samples = [...samples, s].slice(-KEPT_SAMPLES))));
          socket.emit('watch_container', { id }, (ack) => {
            if (ack.ok) {
              samples = [...ack.samples, ...samples].slice(-KEPT_SAMPLES);
              sub.next(samples);
            }
          });
          return () => {
            own.unsubscribe();
            socket.emit('unwatch_container', { id });
          };
        }),
    );
  }

  /** New log lines of one simulation while subscribed (live only). */
  followLogs(id: string): Observable<LogsEvent> {
    return this.connection.whileLive(
      (socket) =>
        new Observable<LogsEvent>((sub) => {
          const own = this.logs.pipe(filter((e) => e.id === id)).subscribe(sub);
          socket.emit('logs:follow', { id }, (ack) => {
            if (!ack.ok) {
              sub.next({ kind: 'end', id, reason: ack.error ?? 'refused' });
            }
          });
          return () => {
            own.unsubscribe();
            socket.emit('logs:unfollow', { id });
          };
        }),
    );
  }

  /** New events of one simulation (`<prefix>.events`) while subscribed (live only). */
  followEvents(id: string): Observable<SimEvent[]> {
    return this.connection.whileLive(
      (socket) =>
        new Observable<SimEvent[]>((sub) => {
          const own = this.events
            .pipe(filter((b) => b.id === id))
            .subscribe((b) => sub.next(b.events));
          socket.emit('events:follow', { id });
          return () => {
            own.unsubscribe();
            socket.emit('events:unfollow', { id });
          };
        }),
    );
  }
}
