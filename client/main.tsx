// Chinese glyphs served with the app (Noto Sans SC, in unicode-range slices the browser fetches as a page needs
// them): no font from the network, no empty boxes on a machine without CJK fonts.
import '@fontsource/noto-sans-sc/400.css';
import '@fontsource/noto-sans-sc/600.css';
import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';

// Each view is its own chunk: a resident's phone opening /report never downloads the 3D twin.
const App = lazy(() => import('./App').then((m) => ({ default: m.App })));
const DrillApp = lazy(() => import('./DrillApp').then((m) => ({ default: m.DrillApp })));
const DrillLobby = lazy(() => import('./DrillLobby').then((m) => ({ default: m.DrillLobby })));
const ReplayApp = lazy(() => import('./ReplayApp').then((m) => ({ default: m.ReplayApp })));
const PlannerApp = lazy(() => import('./planner/PlannerApp').then((m) => ({ default: m.PlannerApp })));
const EditorApp = lazy(() => import('./editor/EditorApp').then((m) => ({ default: m.EditorApp })));
const KpiApp = lazy(() => import('./kpis/KpiApp').then((m) => ({ default: m.KpiApp })));
const ReportApp = lazy(() => import('./report/ReportApp').then((m) => ({ default: m.ReportApp })));
const AdminApp = lazy(() => import('./admin/AdminApp').then((m) => ({ default: m.AdminApp })));
const TeamApp = lazy(() => import('./teams/TeamApp').then((m) => ({ default: m.TeamApp })));
const HistoryApp = lazy(() => import('./history/HistoryApp').then((m) => ({ default: m.HistoryApp })));

// One page, nine views: live (default), a drill, the drill lobby, a drill's replay, the planner, the scenario
// editor (/editor), a resident's hazard report (/report), the alarm system's health (/kpis), the alarm records (/history) and people (?admin).
// Every staff view opens on the login page until someone is logged in.
const params = new URLSearchParams(location.search);
const path = location.pathname.replace(/\/$/, '');
const drill = params.get('drill'), replay = params.get('replay');
const view = drill ? <DrillApp roomId={drill} /> : replay ? <ReplayApp drillId={replay} /> : params.has('drills') ? <DrillLobby /> : params.has('team') ? <TeamApp team={params.get('team') ?? ''} />
  : params.has('admin') ? <AdminApp /> : params.has('planner') ? <PlannerApp /> : path === '/editor' || params.has('editor') ? <EditorApp /> : path === '/report' ? <ReportApp /> : path === '/kpis' ? <KpiApp /> : path === '/history' ? <HistoryApp /> : <App />;
createRoot(document.getElementById('root')!).render(<StrictMode><Suspense fallback={null}>{view}</Suspense></StrictMode>);
