import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Note } from '@simscope/contracts';
import type { Subscription } from 'rxjs';
import { MetaSettings } from '../config/settings.js';
import { MetaStoreService } from './meta-store.service.js';

const ATTEMPTS = 4;
const TIMEOUT_MS = 5000;

/**
 * Posts new failure observations to the configured webhook URLs (JSON with a Slack-compatible `text`).
 * One alert per container per cooldown, so a crash loop sends one, not hundreds. Delivery runs in
 * the background with retries and backoff; nothing waits for it.
 */
@Injectable()
export class WebhookService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(WebhookService.name);
  private readonly lastSent = new Map<string, number>();
  private subscription: Subscription | null = null;
  readonly stats = { delivered: 0, failed: 0, suppressed: 0, retries: 0 };

  constructor(
    private readonly store: MetaStoreService,
    private readonly settings: MetaSettings,
  ) {}

  onModuleInit(): void {
    if (this.settings.webhookUrls.length === 0) {
      return;
    }
    this.subscription = this.store.records$.subscribe((e) => {
      if (e.stream === 'notes' && e.record.category === 'failure') {
        this.notify(e.record);
      }
    });
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
  }

  private notify(note: Note): void {
    const key = note.targets.find((t) => t.kind === 'container')?.id ?? `title:${note.title}`;
    const now = Date.now();
    const last = this.lastSent.get(key);
    if (last !== undefined && now - last < this.settings.webhookCooldownMs) {
      this.stats.suppressed++;
      return;
    }
    this.lastSent.set(key, now);
    const body = JSON.stringify({
      text: `[simscope] ${note.severity.toUpperCase()} ${note.title}${note.text ? ` — ${note.text.split('\n')[0]}` : ''}`,
      note,
    });
    for (const url of this.settings.webhookUrls) {
      void this.deliver(url, body);
    }
  }

  private async deliver(url: string, body: string): Promise<void> {
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
        if (res.ok) {
          this.stats.delivered++;
          return;
        }
        if (res.status < 500 && res.status !== 429) {
          break; // the receiver rejects it; retrying will not help
        }
      } catch {
        // network error or timeout: retry
      }
      if (attempt < ATTEMPTS) {
        this.stats.retries++;
        await new Promise((r) => setTimeout(r, 500 * 2 ** (attempt - 1)));
      }
    }
    this.stats.failed++;
    this.logger.warn(`webhook delivery to ${new URL(url).host} failed`);
  }
}
