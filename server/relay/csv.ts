/**
 * A small RFC 4180 CSV reader and writer (https://www.rfc-editor.org/rfc/rfc4180): fields separated by
 * commas, records by CRLF or LF, a field in double quotes may hold commas, line breaks and doubled
 * quotes (`""`). A UTF-8 byte order mark at the start is ignored, and so is a final line break.
 */

export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    /** 1-based line of the text where the problem is. */
    readonly line: number,
  ) {
    super(message);
    this.name = 'CsvSyntaxError';
  }
}

/** The records of `text`, each a list of its fields (as written, unquoted). */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let afterQuote = false;
  let line = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endRecord = () => {
    record.push(field);
    records.push(record);
    record = [];
    field = '';
    afterQuote = false;
  };
  for (; i < text.length; i += 1) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 1;
        } else {
          quoted = false;
          afterQuote = true;
        }
      } else {
        if (char === '\n') line += 1;
        field += char;
      }
      continue;
    }
    if (char === ',') {
      record.push(field);
      field = '';
      afterQuote = false;
    } else if (char === '\r' && text[i + 1] === '\n') {
      // CRLF: the LF ends the record.
    } else if (char === '\n') {
      endRecord();
      line += 1;
    } else if (char === '"') {
      if (field !== '' || afterQuote)
        throw new CsvSyntaxError('a double quote may only start a field (write "" inside quotes)', line);
      quoted = true;
    } else if (afterQuote) {
      throw new CsvSyntaxError('a quoted field must end at a comma or the end of the line', line);
    } else {
      field += char;
    }
  }
  if (quoted) throw new CsvSyntaxError('a quoted field is not closed', line);
  if (field !== '' || record.length > 0 || afterQuote) endRecord();
  return records;
}

/** One field, quoted when it must be (a comma, a quote, a line break, or spaces at either end). */
export function csvField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Records as CSV text, CRLF after every record (RFC 4180). */
export function formatCsv(records: ReadonlyArray<ReadonlyArray<string>>): string {
  return records.map((record) => `${record.map(csvField).join(',')}\r\n`).join('');
}
