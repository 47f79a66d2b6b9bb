/**
 * Click-to-sort for tables marked `data-sortable`. Header cells hold buttons
 * (keyboard reachable); aria-sort tells screen readers the current order.
 * Cells carry their raw number in data-value so 秘匿 / 「—」 sort last.
 */
function cellValue(row: HTMLTableRowElement, index: number): number | string | null {
  const cell = row.cells[index];
  if (!cell) return null;
  const raw = cell.dataset.value;
  if (raw === undefined) return cell.textContent?.trim() ?? '';
  if (raw === '') return null;
  const n = Number(raw);
  return Number.isFinite(n) ? n : raw;
}

export function compareCells(
  a: number | string | null,
  b: number | string | null,
  ascending: boolean,
): number {
  if (a === null && b === null) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  const order =
    typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b), 'ja');
  return ascending ? order : -order;
}

function sortBy(table: HTMLTableElement, index: number, header: HTMLTableCellElement): void {
  const body = table.tBodies[0];
  if (!body) return;
  const ascending = header.getAttribute('aria-sort') !== 'ascending';
  const rows = [...body.rows];
  rows.sort((r1, r2) => compareCells(cellValue(r1, index), cellValue(r2, index), ascending));
  for (const row of rows) body.appendChild(row);
  for (const th of table.tHead?.rows[0]?.cells ?? []) th.removeAttribute('aria-sort');
  header.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
}

export function initSortableTables(root: Document): void {
  for (const table of root.querySelectorAll<HTMLTableElement>('table[data-sortable]')) {
    const headers = table.tHead?.rows[0]?.cells;
    if (!headers) continue;
    [...headers].forEach((th, index) => {
      const button = th.querySelector('button');
      button?.addEventListener('click', () => sortBy(table, index, th));
    });
  }
}
