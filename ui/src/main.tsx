import { createRoot } from 'react-dom/client';
import { initApi } from './api';
import { App } from './App';
import './styles.css';

// The handle tests and the benchmark read; the graph view fills it in once sigma exists.
window.__mnemo = { sigma: null, graph: null, ready: false, firstRenderMs: null, layoutRunning: false, heldRings: 0 };

void initApi().then(() => {
  createRoot(document.getElementById('root')!).render(<App />);
});
