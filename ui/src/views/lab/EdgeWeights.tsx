import type { SolidConfig } from '../../api/types';
import { EDGE_WEIGHTS, EDGE_WEIGHTS_MEANING, edgeKindMeaning, edgeWeightKeys, getAt } from '../../lab/configFields';
import { ConfigFieldInput } from './ConfigFieldInput';

interface Props {
  config: SolidConfig;
  base: SolidConfig;
  readOnly: boolean;
  onChange(path: string, value: unknown): void;
}

/** How far activation flows along each kind of link during graph expansion. */
export function EdgeWeights({ config, base, readOnly, onChange }: Props) {
  return (
    <div className="cfg-edge-weights">
      <div className="cfg-sub">
        Edge-kind weights <span className="muted">— {EDGE_WEIGHTS_MEANING}</span>
      </div>
      <div className="cfg-grid">
        {edgeWeightKeys(config).map((kind) => {
          const path = `${EDGE_WEIGHTS}.${kind}`;
          return (
            <ConfigFieldInput
              key={kind}
              path={path}
              label={kind.replace(/_/g, ' ')}
              meaning={edgeKindMeaning(kind)}
              kind="float"
              step={0.05}
              value={getAt(config, path)}
              was={getAt(base, path)}
              readOnly={readOnly}
              onChange={(v) => onChange(path, v)}
            />
          );
        })}
      </div>
    </div>
  );
}
