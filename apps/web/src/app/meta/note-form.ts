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
  template: `
    @let d = draft();
    <form
      (submit)="$event.preventDefault(); submit()"
      novalidate
      data-testid="note-form"
      aria-labelledby="note-form-title"
    >
      <h2 id="note-form-title">Add a note</h2>
      <div class="row">
        <label
          >Category
          <select name="category" (change)="set('category', $any($event.target).value)">
            @for (c of categories; track c) {
              <option [value]="c" [selected]="d.category === c">{{ c }}</option>
            }
          </select>
        </label>
        <label
          >Severity
          <select name="severity" (change)="set('severity', $any($event.target).value)">
            @for (s of severities; track s) {
              <option [value]="s" [selected]="d.severity === s">{{ s }}</option>
            }
          </select>
        </label>
        <label class="grow"
          >Owner
          <input
            name="owner"
            [value]="d.owner"
            (input)="set('owner', $any($event.target).value)"
            [attr.maxlength]="limits.owner"
          />
        </label>
      </div>
      <label
        ><span
          >Title <span class="muted">({{ d.title.length }}/{{ limits.title }})</span></span
        >
        <input
          name="title"
          [value]="d.title"
          (input)="set('title', $any($event.target).value)"
          [attr.aria-invalid]="!!errors()['title']"
          aria-describedby="note-title-err"
          required
          data-testid="note-title"
        />
      </label>
      <span id="note-title-err" class="field-error">{{ errors()['title']?.join('; ') }}</span>
      <label
        ><span
          >Text <span class="muted">({{ d.text.length }}/{{ limits.text }})</span></span
        >
        <textarea
          name="text"
          rows="3"
          [value]="d.text"
          (input)="set('text', $any($event.target).value)"
          [attr.aria-invalid]="!!errors()['text']"
          aria-describedby="note-text-err"
        ></textarea>
      </label>
      <span id="note-text-err" class="field-error">{{ errors()['text']?.join('; ') }}</span>
      <div class="row">
        <label
          >Target
          <select name="targetKind" (change)="set('targetKind', $any($event.target).value)">
            @for (k of kinds; track k) {
              <option [value]="k" [selected]="d.targetKind === k">{{ k }}</option>
            }
          </select>
        </label>
        <label class="grow"
          >Target id / name
          <input
            name="targetId"
            [value]="d.targetId"
            (input)="set('targetId', $any($event.target).value)"
            data-testid="note-target"
          />
        </label>
        <label class="grow"
          >Tags (comma separated)
          <input name="tags" [value]="d.tags" (input)="set('tags', $any($event.target).value)" />
        </label>
      </div>
      @for (e of otherErrors(); track e) {
        <span class="field-error">{{ e }}</span>
      }
      <div class="actions">
        <button type="submit" class="primary" [disabled]="busy() || hasErrors()">
          {{ busy() ? 'Saving…' : 'Add note' }}
        </button>
        <span role="status" class="muted">{{ message() }}</span>
      </div>
    </form>
  `,
  styles: `
    form {
      display: flex;
      flex-direction: column;
      gap: 0.35rem;
    }
    label {
      display: flex;
      flex-direction: column;
      gap: 0.15rem;
    }
    .row {
      display: flex;
      gap: 0.6rem;
      flex-wrap: wrap;
    }
    .grow {
      flex: 1;
      min-width: 140px;
    }
    .actions {
      display: flex;
      gap: 0.8rem;
      align-items: center;
      margin-top: 0.3rem;
    }
  `,
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
      const note = await this.client.addNote(draftToBody(this.draft()) as CreateNoteDto);
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
