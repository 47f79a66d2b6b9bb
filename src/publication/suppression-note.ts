/** What a response shows as 秘匿, counted as a reader understands it. */
export interface HiddenCount {
  /** Towns with at least one 秘匿 figure of their own. */
  towns: number;
  /** 秘匿 totals: regions, the prefecture, peer pools, cohorts. */
  totals: number;
}

/** Japanese note shown under a table, from the settings and what was hidden. */
export function suppressionNote(k: number, applied: boolean, hidden: HiddenCount): string {
  if (!applied) return '表示の権限がある数値のため、秘匿処理は行っていません。';
  const base = `個人が特定されないよう、ほかの市町村の${k}未満の件数（0を除く）とそこから逆算できる数値、ほかの市町村の月別・項目別の内訳を「秘匿」と表示しています。`;
  const parts = [
    hidden.towns > 0 ? `${hidden.towns}市町村の値` : '',
    hidden.totals > 0 ? `合計・平均など${hidden.totals}項目` : '',
  ].filter(Boolean);
  return parts.length > 0 ? `${base}（${parts.join('と')}を秘匿）` : `${base}（該当なし）`;
}
