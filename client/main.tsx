import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { DrillApp } from './DrillApp';
import { DrillLobby } from './DrillLobby';
import { ReplayApp } from './ReplayApp';
import { PlannerApp } from './planner/PlannerApp';

// One page, five views: live (default), a drill, the drill lobby, a drill's replay, the planner.
const params = new URLSearchParams(location.search);
const drill = params.get('drill'), replay = params.get('replay');
const view = drill ? <DrillApp roomId={drill} /> : replay ? <ReplayApp drillId={replay} /> : params.has('drills') ? <DrillLobby /> : params.has('planner') ? <PlannerApp /> : <App />;
createRoot(document.getElementById('root')!).render(<StrictMode>{view}</StrictMode>);
