import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { DrillApp } from './DrillApp';
import { DrillLobby } from './DrillLobby';
import { ReplayApp } from './ReplayApp';

// One page, four views: live (default), a drill, the drill lobby, a drill's replay.
const params = new URLSearchParams(location.search);
const drill = params.get('drill'), replay = params.get('replay');
const view = drill ? <DrillApp roomId={drill} /> : replay ? <ReplayApp drillId={replay} /> : params.has('drills') ? <DrillLobby /> : <App />;
createRoot(document.getElementById('root')!).render(<StrictMode>{view}</StrictMode>);
