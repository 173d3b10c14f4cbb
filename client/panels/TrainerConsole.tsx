// The trainer's console: the drill's clock (start, pause, resume, 1–10×, end), the scenario's injects
// and ad hoc ones, messages to a role, and every role at a glance.
import { useState } from 'react';
import type { District } from '../../twin-assets/districtSchema';
import { ROLES, type Role } from '../../twin-assets/protocol';
import { deviceName, indexDistrict, nearPlace } from '../../twin-assets/districtIndex';
import { CONTROL_LABELS, PHASE_LABELS } from '../../twin-assets/labels';
import { useMemo } from 'react';
import type { DrillConnection, DrillSnapshot } from '../net/drillRoom';
import { ROLE_LABELS, useLang } from '../i18n';
import { viewStore } from '../state/viewStore';
import { clock, DrillProgress, LastOutcome } from './ResponderPanel';

export function TrainerConsole({ drill, connection, district }: { drill: DrillSnapshot; connection: DrillConnection; district: District }) {
  const { lang, t } = useLang();
  const [device, setDevice] = useState(district.devices[0]?.id ?? '');
  const [edge, setEdge] = useState(district.streets.edges[0]?.id ?? '');
  const [casualty, setCasualty] = useState('');
  const [to, setTo] = useState<Role | 'all'>('all');
  const [text, setText] = useState('');
  const index = useMemo(() => indexDistrict(district), [district]);
  // Lanes by their street's name (a street of several segments numbered), never by id.
  const lanes = useMemo(() => {
    const seen = new Map<string, number>();
    return district.streets.edges.map((e) => {
      const name = e.name?.[lang] ?? t('lane');
      const n = (seen.get(name) ?? 0) + 1;
      seen.set(name, n);
      return { id: e.id, label: lang === 'zh' ? `${name} 第${n}段` : `${name}, section ${n}` };
    });
  }, [district, lang, t]);
  const s = drill.drillStatus;
  const [confirmEnd, setConfirmEnd] = useState(false);
  const at = drill.alarms[0] ?? { x: 0, y: 0 };
  return (
    <div className="drill-panel" data-testid="trainer-console">
      <section className="controls">
        {s === 'lobby' && <button data-testid="ctl-brief" onClick={() => connection.send({ type: 'control', cmd: 'brief' })}>{t('brief')}</button>}
        {(s === 'lobby' || s === 'briefing') && <button className="primary" data-testid="ctl-start" onClick={() => connection.send({ type: 'control', cmd: 'start' })}>{t('start')}</button>}
        {s === 'running' && <button data-testid="ctl-pause" onClick={() => connection.send({ type: 'control', cmd: 'pause' })}>{t('pause')}</button>}
        {/* Before the first alarm a drill may show nothing for minutes at 1×: say so, and offer to skip to it. */}
        {s === 'running' && drill.objectives?.firstAlarmS == null && <span className="muted" data-testid="skip-hint">{t('noAlarmYet')}
          <button data-testid="ctl-skip" onClick={() => connection.send({ type: 'control', cmd: 'skip' })}>{CONTROL_LABELS.skip![lang]}</button></span>}
        {s === 'paused' && <button className="primary" data-testid="ctl-resume" onClick={() => connection.send({ type: 'control', cmd: 'resume' })}>{t('resume')}</button>}
        {s !== 'debrief' && s !== 'ended' && <label>{t('speed')} <select data-testid="speed" value={drill.speed} onChange={(e) => connection.send({ type: 'control', cmd: 'speed', speed: Number(e.target.value) })}>
          {Array.from({ length: 10 }, (_, i) => i + 1).map((v) => <option key={v} value={v}>{v}×</option>)}
        </select></label>}
        {s !== 'ended' && s !== 'debrief' && !confirmEnd && <button data-testid="ctl-end" onClick={() => setConfirmEnd(true)}>{t('end')}</button>}
        {s !== 'ended' && s !== 'debrief' && confirmEnd && <span className="confirm" role="alertdialog" data-testid="end-confirm">{t('endDrillQuestion')}
          <button className="danger" data-testid="ctl-end-confirm" onClick={() => { setConfirmEnd(false); connection.send({ type: 'control', cmd: 'end' }); }}>{t('end')}</button>
          <button onClick={() => setConfirmEnd(false)}>{t('cancel')}</button></span>}
        {s === 'debrief' && <button data-testid="ctl-close" onClick={() => connection.send({ type: 'control', cmd: 'end' })}>{t('closeDebrief')}</button>}
        {(s === 'debrief' || s === 'ended') && <a href={`/api/drills/${drill.drillId}/report?format=html`} target="_blank" rel="noreferrer" data-testid="report-link">{t('report')}</a>}
        {(s === 'debrief' || s === 'ended') && <a href={`/?replay=${encodeURIComponent(drill.drillId)}`}>{t('replay')}</a>}
      </section>
      <section>
        <h3>{t('injects')}</h3>
        <div className="actions">
          {drill.injects.map((i) => <button key={i.id} data-testid={`inject-${i.id}`} onClick={() => connection.send({ type: 'inject', id: i.id })}>{i.text[lang]}</button>)}
        </div>
        <h3>{t('adHoc')}</h3>
        <form className="inline" onSubmit={(e) => { e.preventDefault(); connection.send({ type: 'inject', kind: 'device_fails', deviceId: device }); }}>
          <select value={device} onChange={(e) => setDevice(e.target.value)} data-testid="fail-device">{district.devices.map((d) => <option key={d.id} value={d.id}>{deviceName(index, d.id, lang)}</option>)}</select>
          <button type="submit">{t('failDevice')}</button>
        </form>
        <form className="inline" onSubmit={(e) => { e.preventDefault(); connection.send({ type: 'inject', kind: 'block_lane', edgeId: edge }); }}>
          <select value={edge} onChange={(e) => setEdge(e.target.value)} data-testid="block-lane">{lanes.map((l) => <option key={l.id} value={l.id}>{l.label}</option>)}</select>
          <button type="submit">{t('blockLane')}</button>
        </form>
        <form className="inline" onSubmit={(e) => { e.preventDefault(); connection.send({ type: 'inject', kind: 'casualty', x: at.x + 5, y: at.y + 5, text: casualty }); setCasualty(''); }}>
          <input value={casualty} onChange={(e) => setCasualty(e.target.value)} placeholder={t('casualtyText')} maxLength={200} required />
          <button type="submit">{t('addCasualty')}</button>
        </form>
        <form className="inline" onSubmit={(e) => { e.preventDefault(); connection.send({ type: 'say', to, text }); setText(''); }}>
          <select value={to} onChange={(e) => setTo(e.target.value as Role | 'all')}>
            <option value="all">{t('everyone')}</option>
            {ROLES.filter((r) => r !== 'trainer').map((r) => <option key={r} value={r}>{ROLE_LABELS[r]![lang]}</option>)}
          </select>
          <input value={text} onChange={(e) => setText(e.target.value)} placeholder={t('message')} maxLength={200} required data-testid="say-text" />
          <button type="submit" data-testid="say-send">{t('message')}</button>
        </form>
        <LastOutcome drill={drill} />
      </section>
      <section>
        <h3>{t('players')}</h3>
        <table className="players" data-testid="players">
          <tbody>
            {/* Who and where on one line, what they did last on the next: names never squeezed into a narrow column. */}
            {drill.players.flatMap((p) => {
              const last = lang === 'zh' ? p.lastActionZh : p.lastAction;
              const go = { onClick: () => p.hasPlace && viewStore.flyTo(p.x, p.y, 0, 80), style: { cursor: p.hasPlace ? 'pointer' : undefined } };
              return [
                <tr key={p.id} className={`${p.connected ? '' : 'gone'}${last ? ' first' : ''}`} {...go}>
                  <td className="who">{ROLE_LABELS[p.role]?.[lang] ?? p.role}</td><td className="who">{p.name}</td>
                  <td>{p.hasPlace ? `${nearPlace(index, p.x, p.y, lang)}${p.moving ? ` · ${t('onTheWay')}` : ''}` : '—'}</td>
                </tr>,
                ...(last ? [<tr key={`${p.id}-last`} className={`last${p.connected ? '' : ' gone'}`} {...go}><td colSpan={3}>{last}</td></tr>] : []),
              ];
            })}
          </tbody>
        </table>
        <p className="muted">{t('phase')}: {PHASE_LABELS[drill.phase]?.[lang] ?? drill.phase} · {clock(drill.simS)}</p>
      </section>
      <DrillProgress drill={drill} />
    </div>
  );
}
