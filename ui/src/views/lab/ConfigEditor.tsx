import type { SolidConfig } from '../../api/types';
import { CONFIG_FIELDS, CONFIG_GROUPS, getAt, setAt } from '../../lab/configFields';
import { ConfigFieldInput } from './ConfigFieldInput';
import { EdgeWeights } from './EdgeWeights';

interface Props {
  config: SolidConfig;
  /** The configuration as saved: changed fields are marked against it. */
  base: SolidConfig;
  readOnly: boolean;
  onChange(config: SolidConfig): void;
}

/** Every field of a retrieval configuration, grouped by stage, each with its meaning and bounds. */
export function ConfigEditor({ config, base, readOnly, onChange }: Props) {
  const set = (path: string, value: unknown) => onChange(setAt(config, path, value));
  return (
    <div className="config-editor" data-testid="config-editor" data-readonly={readOnly}>
      {CONFIG_GROUPS.map((g) => (
        <fieldset key={g.id} className="cfg-group" data-group={g.id}>
          <legend>
            {g.title} <span className="muted small">— {g.meaning}</span>
          </legend>
          <div className="cfg-grid">
            {CONFIG_FIELDS.filter((f) => f.group === g.id).map((f) => (
              <ConfigFieldInput
                key={f.path}
                path={f.path}
                label={f.label}
                meaning={f.meaning}
                kind={f.kind}
                step={f.step}
                value={getAt(config, f.path)}
                was={getAt(base, f.path)}
                readOnly={readOnly}
                onChange={(v) => set(f.path, v)}
              />
            ))}
          </div>
          {g.id === 'expansion' && <EdgeWeights config={config} base={base} readOnly={readOnly} onChange={set} />}
        </fieldset>
      ))}
    </div>
  );
}
