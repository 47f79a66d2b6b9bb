/** Why a file's bytes could not be turned into text. */
export type DecodeErrorCode = 'undecodable' | 'utf16' | 'excel_workbook';

/** The file is not text we can read; `message` tells the uploader how to save it instead. */
export class DecodeError extends Error {
  override readonly name = 'DecodeError';
  constructor(
    readonly code: DecodeErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** The CSV structure is broken (an unclosed or stray quote); `row` is the Excel row where it starts. */
export class CsvSyntaxError extends Error {
  override readonly name = 'CsvSyntaxError';
  readonly code = 'csv_syntax';
  constructor(
    readonly row: number,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
