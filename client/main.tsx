// Chinese glyphs served with the app (Noto Sans SC, in unicode-range slices the browser fetches as a page needs
// them): no font from the network, no empty boxes on a machine without CJK fonts.
import '@fontsource/noto-sans-sc/400.css';
import '@fontsource/noto-sans-sc/600.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { DrillApp } from './DrillApp';
import { DrillLobby } from './DrillLobby';
import { ReplayApp } from './ReplayApp';
import { PlannerApp } from './planner/PlannerApp';
import { EditorApp } from './editor/EditorApp';

// One page, six views: live (default), a drill, the drill lobby, a drill's replay, the planner, the scenario editor (/editor).
const params = new URLSearchParams(location.search);
const drill = params.get('drill'), replay = params.get('replay');
const view = drill ? <DrillApp roomId={drill} /> : replay ? <ReplayApp drillId={replay} /> : params.has('drills') ? <DrillLobby /> : params.has('planner') ? <PlannerApp /> : location.pathname.replace(/\/$/, '') === '/editor' || params.has('editor') ? <EditorApp /> : <App />;
createRoot(document.getElementById('root')!).render(<StrictMode>{view}</StrictMode>);
