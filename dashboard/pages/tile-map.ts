/**
 * The 19 towns as a tile map, in the style of Japanese tile maps: one square
 * per town on a fixed grid, west on the left and east on the right, the
 * coast (日本海) along the top row. No boundary data is needed; each tile
 * sits where its town lies relative to its neighbours:
 *
 * ```
 *        0       1       2       3       4       5       6       7
 *   0  境港市  日吉津村  大山町  琴浦町  北栄町  湯梨浜町  鳥取市  岩美町
 *   1  米子市  伯耆町   江府町          倉吉市  三朝町    八頭町  若桜町
 *   2  南部町  日野町                                   智頭町
 *   3  日南町
 * ```
 *
 * Keyed by 6-digit code; test/dashboard/tile-map.test.ts holds it to
 * src/datasets/municipalities.ts (every town once, no two on one square).
 */
export const TILE_COLUMNS = 8;
export const TILE_ROWS = 4;

export interface TilePosition {
  /** 0 = westernmost. */
  column: number;
  /** 0 = the coast. */
  row: number;
}

const at = (column: number, row: number): TilePosition => ({ column, row });

export const TILE_POSITIONS: Readonly<Record<string, TilePosition>> = {
  '312045': at(0, 0), // 境港市: the tip of the 弓ヶ浜 north of 米子
  '313840': at(1, 0), // 日吉津村
  '313866': at(2, 0), // 大山町
  '313718': at(3, 0), // 琴浦町
  '313726': at(4, 0), // 北栄町
  '313700': at(5, 0), // 湯梨浜町
  '312011': at(6, 0), // 鳥取市
  '313025': at(7, 0), // 岩美町
  '312029': at(0, 1), // 米子市
  '313904': at(1, 1), // 伯耆町
  '314030': at(2, 1), // 江府町
  '312037': at(4, 1), // 倉吉市
  '313645': at(5, 1), // 三朝町
  '313297': at(6, 1), // 八頭町
  '313254': at(7, 1), // 若桜町
  '313891': at(0, 2), // 南部町
  '314021': at(1, 2), // 日野町
  '313289': at(6, 2), // 智頭町
  '314013': at(0, 3), // 日南町
};
