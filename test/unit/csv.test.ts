import { CsvSyntaxError, csvField, formatCsv, parseCsv } from '../../server/relay/csv';

describe('CSV (RFC 4180)', () => {
  it('reads plain fields, CRLF and LF line ends, and ignores a final line break and a BOM', () => {
    expect(parseCsv('\uFEFFa,b,c\r\n1,2,3\n4,,6\r\n')).toEqual([
      ['a', 'b', 'c'],
      ['1', '2', '3'],
      ['4', '', '6'],
    ]);
  });

  it('reads quoted fields holding commas, doubled quotes and line breaks', () => {
    expect(parseCsv('sku,name\r\n"A,1","Mug ""Grey""\r\nlarge"\r\n""," x "')).toEqual([
      ['sku', 'name'],
      ['A,1', 'Mug "Grey"\r\nlarge'],
      ['', ' x '],
    ]);
  });

  it('keeps a trailing empty field and an empty quoted last field', () => {
    expect(parseCsv('a,\n"",b\n,""')).toEqual([
      ['a', ''],
      ['', 'b'],
      ['', ''],
    ]);
  });

  it('refuses an unclosed quote, text after a closing quote and a quote inside a bare field, naming the line', () => {
    expect(() => parseCsv('a\n"open')).toThrow(CsvSyntaxError);
    expect(() => parseCsv('a\n"x"y')).toThrow(/must end at a comma/);
    try {
      parseCsv('a,b\nc,d"e');
      throw new Error('parsed');
    } catch (error) {
      expect(error).toBeInstanceOf(CsvSyntaxError);
      expect((error as CsvSyntaxError).line).toBe(2);
    }
  });

  it('writes what it reads back unchanged', () => {
    const records = [
      ['sku', 'iom_product_id', 'iom_product_number'],
      ['A,1', 'x"y', 'line\nbreak'],
      [' padded', '', 'plain'],
    ];
    const text = formatCsv(records);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(parseCsv(text)).toEqual(records);
  });
});
