import { lab, type LabView } from '../../state/lab';
import { useStore } from '../../state/store';
import { ConfigsView } from './ConfigsView';
import { EvaluateView } from './EvaluateView';
import { ReplayView } from './ReplayView';
import { WhyNotView } from './WhyNotView';
import './lab.css';

const VIEWS: { id: LabView; label: string; title: string }[] = [
  { id: 'replay', label: 'Replay', title: 'A past retrieval run again, beside the original' },
  { id: 'configs', label: 'Configurations', title: 'Named retrieval configurations and the default' },
  { id: 'evaluate', label: 'Judgments & evaluation', title: 'Your relevance marks, and recall@k, MRR and nDCG of one or two configurations' },
  { id: 'whynot', label: 'Why not?', title: 'Where an expected memory was lost' },
];

/** The retrieval lab: replays, named configurations, judgments and evaluation, "why not?". */
export function LabPanel() {
  const view = useStore(lab, (s) => s.view);
  return (
    <div className="lab" data-testid="lab" data-view={view}>
      <nav className="lab-tabs seg" aria-label="Retrieval lab">
        {VIEWS.map((v) => (
          <button key={v.id} type="button" className={view === v.id ? 'on' : ''} aria-pressed={view === v.id} title={v.title} data-testid={`lab-tab-${v.id}`} onClick={() => lab.set({ view: v.id })}>
            {v.label}
          </button>
        ))}
      </nav>
      <div className="lab-body">
        {view === 'replay' && <ReplayView />}
        {view === 'configs' && <ConfigsView />}
        {view === 'evaluate' && <EvaluateView />}
        {view === 'whynot' && <WhyNotView />}
      </div>
    </div>
  );
}
