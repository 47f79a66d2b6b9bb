import type { Vocabulary } from '../datasets';
import { municipalityByCode } from '../datasets/municipalities';
import { forEncoding } from './csv-file';
import { formatDate, formatFiscalYear, formatMonth, zenkaku } from './format';
import type { Rng } from './prng';
import type { FileStyle } from './styles';

/** Characters that separate several 課題 in one cell; a synonym containing one would be split. */
const SEPARATORS = /[・、,;／|\n]/;

/** Writes values the way one town's staff type them. */
export class CellWriter {
  constructor(
    private readonly style: FileStyle,
    private readonly rng: Rng,
  ) {}

  municipality(code: string): string {
    if (this.style.municipality === 'code5') return code.slice(0, 5);
    if (this.style.municipality === 'name') return municipalityByCode(code)?.name ?? code;
    return code;
  }

  date(iso: string | null): string {
    return iso === null ? '' : formatDate(iso, this.style.date);
  }

  /** 受付日: month-only in towns that keep only the month. */
  openedOn(iso: string): string {
    return this.style.openedMonthOnly
      ? formatMonth(`${iso.slice(0, 7)}-01`, this.style.month)
      : this.date(iso);
  }

  month(iso: string): string {
    return formatMonth(iso, this.style.month);
  }

  fiscalYear(fy: number): string {
    return formatFiscalYear(fy, this.style.fiscalYear);
  }

  count(n: number | null, unit = ''): string {
    if (n === null) return '';
    const text = this.style.zenkakuDigits ? zenkaku(String(n)) : String(n);
    return this.style.countUnits && unit ? `${text}${unit}` : text;
  }

  /** A term's label, or now and then an everyday synonym where the town writes those. */
  term(vocabulary: Vocabulary, code: string): string {
    const term = vocabulary.find((t) => t.code === code);
    if (!term) throw new Error(`unknown term ${code}`);
    const synonyms = term.synonyms.filter((s) => !SEPARATORS.test(s));
    const text =
      this.style.useSynonyms && synonyms.length > 0 && this.rng.chance(0.35)
        ? this.rng.pick(synonyms)
        : term.label;
    return forEncoding(text, this.style.encoding);
  }

  terms(vocabulary: Vocabulary, codes: readonly string[]): string {
    return codes.map((c) => this.term(vocabulary, c)).join(this.style.issueSeparator);
  }

  flag(value: boolean | null, yes: string, no: string): string {
    return value === null ? '' : value ? yes : no;
  }
}
