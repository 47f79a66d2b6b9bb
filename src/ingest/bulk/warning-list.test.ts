import { describe, expect, it } from 'vitest';
import { getDataset } from '../../datasets';
import { type OpenedCsv, openCsv } from '../csv-source';
import { mapHeader } from '../header';
import { listRowWarnings } from './warning-list';

const HEADER = '市町村コード,年度,ケースID,受付日,相談経路,年齢階級,世帯人員,課題,状態,終結日';
const context = { uploadMunicipality: '313726', uploadedAt: new Date('2024-06-01T00:00:00Z') };

/** A cases extract; `closedWithoutDate` rows are 終結 with no 終結日 (a rule warning). */
function extract(rows: number, closedWithoutDate: readonly number[], tail = ''): Uint8Array {
  const lines = [HEADER];
  for (let i = 0; i < rows; i++) {
    const closed = closedWithoutDate.includes(i) ? '終結,' : '支援中,';
    lines.push(`313726,2023,C${i},2023/5/1,本人,40代,2,独居,${closed}`);
  }
  return new TextEncoder().encode(`${lines.join('\r\n')}\r\n${tail}`);
}

function open(bytes: Uint8Array) {
  const csv = openCsv(bytes);
  if (!('head' in csv)) throw new Error('unreadable test file');
  return { csv: csv as OpenedCsv, header: mapHeader(getDataset('cases'), csv.head) };
}

describe('listRowWarnings', () => {
  it('lists the first warnings with their Excel rows, up to the counted total', async () => {
    const { csv, header } = open(extract(50, [3, 10, 40]));
    const listed = await listRowWarnings(csv, header, context, 2);
    expect(listed?.map((p) => [p.row, p.code])).toEqual([
      [5, 'closed_without_date'],
      [12, 'closed_without_date'],
    ]);
  });

  it('reads no row when the checks counted none', async () => {
    // Below the head openCsv reads (128 KB), a line no CSV reader can finish: a walk would meet it.
    const { csv, header } = open(extract(4000, [], '313726,2023,"C99'));
    expect(await listRowWarnings(csv, header, context, 0)).toEqual([]);
    expect(await listRowWarnings(csv, header, context, 1)).toBeUndefined();
  });

  it('gives up when the row validator finds an error the bulk check did not', async () => {
    const bytes = new TextEncoder().encode(
      `${HEADER}\r\n313726,2023,C1,2023/5/1,本人,40代,2,独居,支援中,\r\n313726,2023,,2023/5/1,本人,40代,2,独居,終結,\r\n`,
    );
    const { csv, header } = open(bytes);
    expect(await listRowWarnings(csv, header, context, 1)).toBeUndefined();
  });
});
