import { renderCharts } from './charts';
import { initSortableTables } from './sortable';
import { initUpload } from './upload';

/** Browsers without ::details-content print closed tables closed: open them for the print only. */
function openTablesForPrint(): void {
  window.addEventListener('beforeprint', () => {
    for (const d of document.querySelectorAll<HTMLDetailsElement>('details.data-table:not([open])')) {
      d.open = true;
      d.dataset.openedForPrint = 'true';
    }
  });
  window.addEventListener('afterprint', () => {
    for (const d of document.querySelectorAll<HTMLDetailsElement>('details[data-opened-for-print]')) {
      d.open = false;
      delete d.dataset.openedForPrint;
    }
  });
}

function start(): void {
  openTablesForPrint();
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
