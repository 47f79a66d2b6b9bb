import { renderCharts } from './charts';
import { initSortableTables } from './sortable';
import { initUpload } from './upload';

function start(): void {
  initSortableTables(document);
  initUpload(document);
  for (const button of document.querySelectorAll<HTMLButtonElement>('button[data-print]')) {
    button.addEventListener('click', () => window.print());
  }
  try {
    renderCharts(document);
  } finally {
    // Set even when a page has no charts, so waiting code never hangs; after a
    // frame so the canvases have been painted.
    requestAnimationFrame(() => {
      document.body.dataset.chartsReady = 'true';
    });
  }
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
