// The evaluator's side panel in a drill (HSEEP): each critical task the drill exercises with the rating the evidence
// proposes and the evidence itself; the evaluator rates it P/S/M/U with a note (stamped in simulated time by the
// server), and may change it. The players never see this seat. Once the drill is over: the AAR/IP to download, and
// corrective actions (owner, due date) for the tasks that need them.
import { useEffect, useState } from 'react';
import { TASK_REFS, taskNames, type TaskRef } from '../../scenarios/capabilities';
import { RATING_LABELS } from '../../scenarios/evaluation';
import { AAR_WORDS, type Lang } from '../../twin-assets/labels';
import { RATINGS, type Rating } from '../../twin-assets/protocol';
import { api, type Data } from '../net/api';
import type { DrillConnection, DrillSnapshot } from '../net/drillRoom';
import { useLang } from '../i18n';
import { clock } from './ResponderPanel';

const taskName = (task: string, lang: Lang) => { const n = taskNames(task as TaskRef); return `${n.capability[lang]}·${n.task[lang]}`; };

export function EvaluatorPanel({ drill, connection }: { drill: DrillSnapshot; connection: DrillConnection }) {
  const { lang } = useLang();
  const w = (k: keyof typeof AAR_WORDS) => AAR_WORDS[k][lang];
  const proposals = drill.evaluation?.proposals ?? [];
  const given = new Map((drill.evaluation?.ratings ?? []).map((r) => [r.task, r]));
  const over = drill.drillStatus === 'debrief' || drill.drillStatus === 'ended';
  return (
    <div className="drill-panel" data-testid="evaluator-panel">
      <p className="muted">{w('evaluatorSeat')}</p>
      {drill.lastOutcome && <p className={`outcome ${drill.lastOutcome.ok ? 'ok' : 'bad'}`} data-testid="last-outcome">{drill.lastOutcome[lang]}</p>}
      <section>
        <h3>{w('ratings')}</h3>
        {proposals.map((p) => <TaskRater key={p.task} task={p.task} proposed={p.rating} evidence={p.evidence.map((e) => e[lang])} given={given.get(p.task)} lang={lang}
          rate={(rating, note) => connection.send({ type: 'rate', task: p.task, rating, note })} />)}
      </section>
      {drill.drillId && (
        <section>
          <h3>{w('title')}</h3>
          {(['docx', 'pdf', 'html'] as const).map((f) => <a key={f} className="badge" href={`/api/drills/${drill.drillId}/aar?format=${f}`} data-testid={`aar-${f}`} {...(f === 'html' ? { target: '_blank' } : { download: '' })}>{w('download')} {f.toUpperCase()}</a>)}
          {over && <CorrectiveActionForm drillId={drill.drillId} tasks={proposals.map((p) => p.task)} lang={lang} />}
        </section>
      )}
    </div>
  );
}

function TaskRater({ task, proposed, evidence, given, lang, rate }: {
  task: string; proposed: Rating; evidence: string[]; given: { rating: Rating; note: string; simS: number } | undefined; lang: Lang; rate(r: Rating, note: string): void;
}) {
  const [rating, setRating] = useState<Rating>(given?.rating ?? proposed);
  const [note, setNote] = useState(given?.note ?? '');
  const w = (k: keyof typeof AAR_WORDS) => AAR_WORDS[k][lang];
  return (
    <form className="task-rating" data-testid={`rate-${task}`} onSubmit={(e) => { e.preventDefault(); rate(rating, note.trim()); }}>
      <b>{taskName(task, lang)}</b>
      <div className="muted">{w('proposed')}: <span className="badge" data-testid="proposed">{proposed}</span> {RATING_LABELS[proposed][lang]}</div>
      <ul className="muted">{evidence.map((e, i) => <li key={i}>{e}</li>)}</ul>
      <div role="radiogroup" aria-label={w('rating')}>
        {RATINGS.map((r) => <label key={r} title={RATING_LABELS[r][lang]}><input type="radio" name={`rating-${task}`} value={r} checked={rating === r} onChange={() => setRating(r)} data-testid={`rating-${r}`} />{r}</label>)}
      </div>
      <textarea value={note} onChange={(e) => setNote(e.target.value)} maxLength={1000} placeholder={w('note')} data-testid="note" />
      <button type="submit" data-testid="rate">{w('rate')}</button>
      {given && <span className="muted" data-testid="given"> {w('rating')}: {given.rating} · {clock(given.simS)}</span>}
    </form>
  );
}

type Owner = Data<'getApiImprovementOwners'>[number];

function CorrectiveActionForm({ drillId, tasks, lang }: { drillId: string; tasks: string[]; lang: Lang }) {
  const w = (k: keyof typeof AAR_WORDS) => AAR_WORDS[k][lang];
  const [owners, setOwners] = useState<Owner[]>([]);
  const [task, setTask] = useState(tasks[0] ?? TASK_REFS[0]);
  const [text, setText] = useState('');
  const [owner, setOwner] = useState('');
  const [due, setDue] = useState(() => new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10));
  const [said, setSaid] = useState<{ ok: boolean; text: string } | null>(null);
  useEffect(() => { void api('getApiImprovementOwners').then((r) => { if (r.ok) { setOwners(r.data); setOwner((o) => o || r.data[0]?.login || ''); } }); }, []);
  const add = async () => {
    const r = await api('postApiImprovement', { body: { drillId, task, text, owner, due } });
    setSaid(r.ok ? { ok: true, text: `${w('correctiveAction')}：${r.data.text}` } : { ok: false, text: r.error });
    if (r.ok) setText('');
  };
  return (
    <form className="corrective" data-testid="corrective-form" onSubmit={(e) => { e.preventDefault(); void add(); }}>
      <h4>{w('add')}</h4>
      <label>{w('task')} <select value={task} onChange={(e) => setTask(e.target.value)} data-testid="ca-task">{(tasks.length ? tasks : TASK_REFS).map((t) => <option key={t} value={t}>{taskName(t, lang)}</option>)}</select></label>
      <label>{w('correctiveAction')} <input value={text} onChange={(e) => setText(e.target.value)} required maxLength={500} data-testid="ca-text" /></label>
      <label>{w('owner')} <select value={owner} onChange={(e) => setOwner(e.target.value)} data-testid="ca-owner">{owners.map((o) => <option key={o.login} value={o.login}>{o.name}</option>)}</select></label>
      <label>{w('due')} <input type="date" value={due} onChange={(e) => setDue(e.target.value)} required data-testid="ca-due" /></label>
      <button type="submit" className="primary" data-testid="ca-add">{w('add')}</button>
      {said && <p className={`outcome ${said.ok ? 'ok' : 'bad'}`} data-testid="ca-said">{said.text}</p>}
    </form>
  );
}
