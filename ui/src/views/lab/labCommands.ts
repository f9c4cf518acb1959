// The retrieval lab's entries in the command palette.
import { retrievalQuery } from '../../api/types';
import { askWhyNot, openLab, runReplay } from '../../state/lab';
import { modelState } from '../../state/model';
import { ui } from '../../state/ui';

export interface LabCommand {
  id: string;
  label: string;
  hint?: string;
  run(): void;
}

export function labCommands(): LabCommand[] {
  const latest = modelState.get().traces[0];
  const selected = ui.get().selectedId;
  return [
    latest
      ? {
          id: 'lab-replay-latest',
          label: `Lab: replay the latest retrieval (“${latest.query.slice(0, 40)}”)`,
          hint: latest.actor,
          run: () => void runReplay(latest.id),
        }
      : { id: 'lab-replay', label: 'Lab: replay a retrieval…', run: () => openLab('replay') },
    { id: 'lab-configs', label: 'Lab: retrieval configurations (save, default, edit)…', run: () => openLab('configs') },
    { id: 'lab-evaluate', label: 'Lab: judgments and evaluation (recall@k, MRR, nDCG)…', run: () => openLab('evaluate') },
    {
      id: 'lab-why-not',
      label: selected ? 'Lab: why not…? (the selected memory)' : 'Lab: why not…? (a memory a query missed)',
      run: () => askWhyNot(retrievalQuery({ text: '' }), selected),
    },
  ];
}
