// Spaces to pick several of, as toggle chips; none picked means the broad default it names.
export function SpacePicker({
  label,
  spaces,
  picked,
  none,
  onChange,
  testId,
}: {
  label: string;
  spaces: readonly string[];
  picked: readonly string[];
  /** What no pick means ("every space"). */
  none: string;
  onChange(next: string[]): void;
  testId: string;
}) {
  const toggle = (s: string) => onChange(picked.includes(s) ? picked.filter((x) => x !== s) : [...picked, s]);
  return (
    <fieldset className="tok-spaces" data-testid={testId}>
      <legend>{label}</legend>
      <div className="tok-chips">
        <button
          type="button"
          className={`tok-chip${picked.length === 0 ? ' on' : ''}`}
          aria-pressed={picked.length === 0}
          onClick={() => onChange([])}
          title={`Pick no space: ${none}`}
        >
          {none}
        </button>
        {spaces.map((s) => (
          <button key={s} type="button" className={`tok-chip${picked.includes(s) ? ' on' : ''}`} aria-pressed={picked.includes(s)} onClick={() => toggle(s)}>
            {s}
          </button>
        ))}
      </div>
    </fieldset>
  );
}
