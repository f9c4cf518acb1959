// The formats, each with what it is for; one this mode cannot write stays listed, off, with why.
import { FORMATS, formatUnavailable, type ExportFormat, type Transport } from './exportPlan';

interface Props {
  value: ExportFormat;
  transport: Transport;
  onChange(format: ExportFormat): void;
}

export function FormatList({ value, transport, onChange }: Props) {
  return (
    <fieldset className="export-group" data-testid="export-formats">
      <legend>Format</legend>
      {FORMATS.map((f) => {
        const off = formatUnavailable(f.id, transport);
        return (
          <label key={f.id} className={`export-option${off ? ' off' : ''}`} data-testid={`export-format-${f.id}`}>
            <input type="radio" name="export-format" value={f.id} checked={value === f.id} disabled={off !== null} onChange={() => onChange(f.id)} />
            <span className="export-option-text">
              <span className="export-option-label">{f.label}</span>
              <span className="export-option-desc">{f.description}</span>
              {off && (
                <span className="export-option-why" data-testid={`export-format-why-${f.id}`}>
                  {off}
                </span>
              )}
            </span>
          </label>
        );
      })}
    </fieldset>
  );
}
