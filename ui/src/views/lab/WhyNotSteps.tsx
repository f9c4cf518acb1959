import type { WhyNot } from '../../api/types';
import { lostAtLabel, whyNotSteps } from '../../lab/whyNotSteps';

const MARK = { ok: '✓', lost: '✕', missed: '–', idle: '·' } as const;

/** The answer: the verdict, then each stage in the order a recall runs, the one that lost it marked. */
export function WhyNotSteps({ why, title }: { why: WhyNot; title: string }) {
  const steps = whyNotSteps(why);
  return (
    <div className="whynot-result" data-testid="whynot-result" data-lost-at={why.lost_at ?? 'returned'}>
      <div className={`whynot-verdict${why.lost_at ? ' lost' : ' ok'}`} data-testid="whynot-verdict">
        <span className="whynot-badge">{lostAtLabel(why.lost_at)}</span>
        <div>
          <div className="whynot-title">{title}</div>
          <div>{why.verdict}</div>
        </div>
      </div>
      <ol className="whynot-steps">
        {steps.map((s) => (
          <li key={s.id} className={`whynot-step ${s.state}`} data-testid="whynot-step" data-step={s.id} data-state={s.state}>
            <span className="whynot-mark" aria-hidden="true">
              {MARK[s.state]}
            </span>
            <span className="whynot-stage">{s.label}</span>
            <span className="whynot-detail">{s.detail}</span>
          </li>
        ))}
      </ol>
    </div>
  );
}
