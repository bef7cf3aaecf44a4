import { TestBed } from '@angular/core/testing';
import { META_LIMITS, type CreateNoteDto } from '@simscope/contracts';
import { SIMSCOPE_CLIENT } from '../core/simscope-client';
import { NoteForm, draftToBody, EMPTY_DRAFT } from './note-form';

async function setup() {
  const addNote = jest.fn((body: CreateNoteDto) => Promise.resolve({ id: 'n1', ...body }));
  TestBed.configureTestingModule({
    providers: [{ provide: SIMSCOPE_CLIENT, useValue: { addNote } }],
  });
  const fixture = TestBed.createComponent(NoteForm);
  fixture.detectChanges();
  await fixture.whenStable();
  const el = fixture.nativeElement as HTMLElement;
  const type = async (name: string, value: string) => {
    const input = el.querySelector<HTMLInputElement>(`[name="${name}"]`)!;
    input.value = value;
    input.dispatchEvent(new Event('input'));
    await new Promise((r) => setTimeout(r, 0));
    fixture.detectChanges();
    await fixture.whenStable();
  };
  const submit = async () => {
    el.querySelector('form')!.dispatchEvent(new Event('submit'));
    await new Promise((r) => setTimeout(r, 0));
    fixture.detectChanges();
    await fixture.whenStable();
  };
  return { el, type, submit, addNote };
}

describe('NoteForm', () => {
  afterEach(() => TestBed.resetTestingModule());

  it('shows the shared DTO’s own message for a title over the limit and blocks submit', async () => {
    const { el, type } = await setup();
    await type('title', 'x'.repeat(META_LIMITS.title + 1));

    expect(el.querySelector('#note-title-err')?.textContent).toContain(
      `title must be shorter than or equal to ${META_LIMITS.title} characters`,
    );
    expect(el.querySelector<HTMLButtonElement>('button[type="submit"]')?.disabled).toBe(true);
  });

  it('refuses an empty title without calling the server', async () => {
    const { el, submit, addNote } = await setup();
    await submit();

    expect(el.querySelector('#note-title-err')?.textContent).toContain('title must not be blank');
    expect(addNote).not.toHaveBeenCalled();
  });

  it('sends a valid note with its target and tags, then clears', async () => {
    const { el, type, submit, addNote } = await setup();
    await type('title', 'loader keeps crashing');
    await type('targetId', 'abc123');
    await type('tags', 'crash, loader ,');
    await submit();

    expect(addNote).toHaveBeenCalledWith({
      category: 'observation',
      severity: 'info',
      title: 'loader keeps crashing',
      tags: ['crash', 'loader'],
      targets: [{ kind: 'container', id: 'abc123' }],
    });
    expect(el.querySelector<HTMLInputElement>('[name="title"]')?.value).toBe('');
  });

  it('leaves blank optional fields out of the body', () => {
    expect(draftToBody({ ...EMPTY_DRAFT, title: ' t ' })).toEqual({
      category: 'observation',
      severity: 'info',
      title: 't',
    });
  });
});
