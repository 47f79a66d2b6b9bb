/** Japanese note shown under a table, from the settings and what happened. */
export function suppressionNote(k: number, applied: boolean, suppressedCells: number): string {
  if (!applied) return '表示の権限がある数値のため、秘匿処理は行っていません。';
  const base = `個人が特定されないよう、ほかの市町村の${k}未満の件数（0を除く）とそこから逆算できる数値、ほかの市町村の月別・項目別の内訳を「秘匿」と表示しています。`;
  return suppressedCells > 0 ? `${base}（${suppressedCells}項目）` : `${base}（該当なし）`;
}
