import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  effect,
  inject,
  input,
  output,
  signal,
} from '@angular/core';
import {
  CreateNoteDto,
  META_LIMITS,
  NOTE_CATEGORIES,
  SEVERITIES,
  SimscopeApiError,
  TARGET_KINDS,
  validateBody,
  type FieldErrors,
  type Note,
  type NoteCategory,
  type Severity,
  type TargetKind,
} from '@simscope/contracts';
import { SIMSCOPE_CLIENT } from '../core/simscope-client';
import { describeWriteError } from '../core/write-errors';

export interface NoteDraft {
  category: NoteCategory;
  severity: Severity;
  title: string;
  text: string;
  tags: string;
  targetKind: TargetKind;
  targetId: string;
  owner: string;
}

export const EMPTY_DRAFT: NoteDraft = {
  category: 'observation',
  severity: 'info',
  title: '',
  text: '',
  tags: '',
  targetKind: 'container',
  targetId: '',
  owner: '',
};

/** The request body a draft becomes; optional fields are left out when blank. */
export function draftToBody(d: NoteDraft): object {
  const tags = d.tags
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  return {
    category: d.category,
    severity: d.severity,
    title: d.title.trim(),
    ...(d.text.trim() ? { text: d.text } : {}),
    ...(d.owner.trim() ? { owner: d.owner.trim() } : {}),
    ...(tags.length ? { tags } : {}),
    ...(d.targetId.trim() ? { targets: [{ kind: d.targetKind, id: d.targetId.trim() }] } : {}),
  };
}

/**
 * Writes a note. Validation runs the shared CreateNoteDto in the browser (the server's own rules),
 * and a 400 from the server lands on the same fields.
 */
@Component({
  selector: 'sim-note-form',
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './note-form.html',
  styleUrl: './note-form.css',
})
export class NoteForm {
  /** A draft to start from (a suggestion's shortcut); each new value replaces the form. */
  readonly prefill = input<Partial<NoteDraft> | null>(null);
  readonly saved = output<Note>();
  private readonly client = inject(SIMSCOPE_CLIENT);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);

  protected readonly categories = NOTE_CATEGORIES;
  protected readonly severities = SEVERITIES;
  protected readonly kinds = TARGET_KINDS;
  protected readonly limits = META_LIMITS;
  protected readonly draft = signal<NoteDraft>(EMPTY_DRAFT);
  protected readonly errors = signal<FieldErrors>({});
  protected readonly busy = signal(false);
  protected readonly message = signal('');
  private touched = false;

  constructor() {
    effect(() => {
      const p = this.prefill();
      if (p) {
        this.draft.set({ ...EMPTY_DRAFT, ...p });
        this.touched = true;
        void this.check();
        this.host.nativeElement.querySelector<HTMLInputElement>('[name="title"]')?.focus();
      }
    });
  }

  protected hasErrors(): boolean {
    return Object.keys(this.errors()).length > 0;
  }

  protected otherErrors(): string[] {
    return Object.entries(this.errors())
      .filter(([k]) => k !== 'title' && k !== 'text')
      .map(([k, v]) => `${k}: ${v.join('; ')}`);
  }

  protected set<K extends keyof NoteDraft>(key: K, value: NoteDraft[K]): void {
    this.draft.update((d) => ({ ...d, [key]: value }));
    this.touched = true;
    void this.check();
  }

  private async check(): Promise<FieldErrors> {
    const errors = await validateBody(CreateNoteDto, draftToBody(this.draft()));
    if (this.touched) {
      this.errors.set(errors);
    }
    return errors;
  }

  protected async submit(): Promise<void> {
    this.touched = true;
    if (Object.keys(await this.check()).length) {
      return;
    }
    this.busy.set(true);
    this.message.set('');
    try {
      const note = await this.client.addNote(draftToBody(this.draft()));
      this.saved.emit(note);
      this.draft.set(EMPTY_DRAFT);
      this.touched = false;
      this.errors.set({});
      this.message.set('Saved.');
    } catch (err) {
      if (err instanceof SimscopeApiError && err.body?.fields) {
        this.errors.set(err.body.fields);
      } else {
        this.message.set(describeWriteError(err, 'Not saved'));
      }
    } finally {
      this.busy.set(false);
    }
  }
}
