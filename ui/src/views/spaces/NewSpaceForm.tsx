// Making a space: a name (checked as it will be: not empty, not taken), a description and a
// colour. Refusals show beside their field.
import { useState } from 'react';
import { modelState } from '../../state/model';
import { nameProblem, type FieldError } from '../../state/spaceErrors';
import { useStore } from '../../state/store';
import { ColourPicker } from './ColourPicker';
import { createSpace } from './spaceActions';

export function NewSpaceForm({ onMade, onCancel }: { onMade(name: string): void; onCancel(): void }) {
  const book = useStore(modelState, (s) => s.spaceBook);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [colour, setColour] = useState('');
  const [error, setError] = useState<FieldError | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const problem = nameProblem(name, book);
    if (problem) return setError({ field: 'name', message: problem });
    setBusy(true);
    setError(null);
    const refused = await createSpace(name, description, colour);
    setBusy(false);
    if (refused) setError(refused);
    else onMade(name.trim());
  };

  const errorFor = (field: FieldError['field']) =>
    error?.field === field ? (
      <span className="space-field-error" role="alert" data-testid={`new-space-${field}-error`}>
        {error.message}
      </span>
    ) : null;

  return (
    <form
      className="new-space"
      data-testid="new-space-form"
      noValidate
      onSubmit={(e) => void submit(e)}
      onKeyDown={(e) => {
        if (e.key !== 'Escape') return;
        // Closes the form, not the dialog.
        e.stopPropagation();
        onCancel();
      }}
    >
      <h3>New space</h3>
      <label className="new-space-field">
        <span>Name</span>
        <input
          autoFocus
          value={name}
          placeholder="e.g. work, research, claude-code"
          data-testid="new-space-name"
          aria-invalid={error?.field === 'name' ? true : undefined}
          onChange={(e) => {
            setName(e.target.value);
            if (error?.field === 'name') setError(null);
          }}
        />
      </label>
      {errorFor('name')}
      <label className="new-space-field">
        <span>Description</span>
        <input
          value={description}
          placeholder="What goes here (optional)"
          data-testid="new-space-description"
          aria-invalid={error?.field === 'description' ? true : undefined}
          onChange={(e) => setDescription(e.target.value)}
        />
      </label>
      {errorFor('description')}
      <div className="new-space-field">
        <span>Colour</span>
        <ColourPicker name={name.trim()} value={colour} onChange={setColour} testId="new-space-colour" error={error?.field === 'colour' ? error.message : null} />
      </div>
      {errorFor('form')}
      <div className="row end">
        <button type="button" className="ghost" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
        <button type="submit" className="primary" data-testid="new-space-create" disabled={busy}>
          {busy ? 'Making…' : 'Make space'}
        </button>
      </div>
    </form>
  );
}
