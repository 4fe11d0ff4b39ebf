import { Box, Button, Flex, Panel, Table, Text } from '@bigcommerce/big-design';
import { useId, useRef, useState } from 'react';

import type { SessionResponse } from '../../../server/http/api-types';
import { manageRefusal } from '../../access';
import { asApiError, useApiSession } from '../../api';
import { exportSkuMappings, importSkuMappings } from '../../hooks/mappings';
import { Notice } from '../Notice';

interface RowError {
  id: string;
  row: string;
  column: string;
  message: string;
}

/** `rows[3].iom_product_id` → row 3, column iom_product_id; anything else (header, line 4) as it is. */
function rowErrorOf(field: string, message: string, index: number): RowError {
  const match = /^rows\[(\d+)\]\.(.+)$/.exec(field);
  return match
    ? { id: `${index}`, row: match[1]!, column: match[2]!, message }
    : { id: `${index}`, row: '—', column: field, message };
}

/** The file's text (UTF-8), read with FileReader (which every browser has, unlike Blob.text in older ones). */
function readText(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result ?? ''));
    reader.onerror = () => reject(new Error(`The file ${file.name} could not be read.`));
    reader.readAsText(file);
  });
}

/** Every SKU mapping as a CSV file, and a CSV file of mappings imported: all rows, or none. */
export function CsvPanel({ access, onImported }: { access: SessionResponse; onImported: () => void }) {
  const session = useApiSession();
  const headerId = useId();
  const fileId = useId();
  const fileHelpId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState<'export' | 'import' | null>(null);
  const [result, setResult] = useState<{ type: 'success' | 'error'; header: string; text: string } | null>(
    null,
  );
  const [rowErrors, setRowErrors] = useState<RowError[]>([]);
  const refusal = manageRefusal(access, 'import SKU mappings');

  const download = async () => {
    setBusy('export');
    setResult(null);
    try {
      const csv = await exportSkuMappings(session);
      const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = 'sku-mappings.csv';
      link.click();
      URL.revokeObjectURL(url);
    } catch (error) {
      setResult({ type: 'error', header: 'The export failed', text: asApiError(error).message });
    }
    setBusy(null);
  };

  const upload = async () => {
    if (!file) {
      setResult({ type: 'error', header: 'No file chosen', text: 'Choose a CSV file to import first.' });
      return;
    }
    setBusy('import');
    setResult(null);
    setRowErrors([]);
    try {
      const response = await importSkuMappings(session, await readText(file));
      setResult({
        type: 'success',
        header: `${response.imported === 1 ? '1 mapping' : `${response.imported} mappings`} imported`,
        text:
          response.requeued.length > 0
            ? `${response.requeued.length === 1 ? '1 order waiting for these SKUs was' : `${response.requeued.length} orders waiting for these SKUs were`} queued again.`
            : 'No order was waiting for these SKUs.',
      });
      setFile(null);
      if (input.current) input.current.value = '';
      onImported();
    } catch (error) {
      const apiError = asApiError(error);
      setRowErrors(apiError.fields.map((f, i) => rowErrorOf(f.field, f.message, i)));
      setResult({
        type: 'error',
        header: 'Nothing was imported',
        text:
          apiError.fields.length > 0
            ? `Fix the ${apiError.fields.length === 1 ? 'problem' : `${apiError.fields.length} problems`} below in the file and import it again.`
            : apiError.message,
      });
    }
    setBusy(null);
  };

  return (
    <Panel
      aria-labelledby={headerId}
      description="Columns sku, iom_product_id, iom_product_number (give the id, the number or both). An import adds and changes mappings and deletes none. It is all or nothing: if any row has a problem, no row is imported and every problem is listed by row."
      header="Import and export"
      headerId={headerId}
      margin="none"
      role="region"
    >
      {refusal && <Notice marginBottom="medium" messages={[{ text: refusal }]} type="info" />}
      {result && (
        <Notice
          role="alert"
          header={result.header}
          marginBottom="medium"
          messages={[{ text: result.text }]}
          type={result.type}
        />
      )}
      <Flex alignItems="flex-end" flexDirection={{ mobile: 'column', tablet: 'row' }} flexGap="1rem">
        <Box style={{ flex: '1 1 18rem' }}>
          <Text as="span" bold margin="none">
            <label htmlFor={fileId}>CSV file to import</label>
          </Text>
          <Text color="secondary60" id={fileHelpId} margin="none">
            At most 1 MB and 5,000 rows; the first line names the columns.
          </Text>
          <input
            accept=".csv,text/csv"
            aria-describedby={fileHelpId}
            disabled={refusal !== null}
            id={fileId}
            onChange={(event) => setFile(event.target.files?.[0] ?? null)}
            ref={input}
            style={{ marginTop: '0.5rem', maxWidth: '100%' }}
            type="file"
          />
        </Box>
        <Flex flexGap="0.75rem">
          <Button
            disabled={busy !== null || refusal !== null}
            isLoading={busy === 'import'}
            onClick={() => void upload()}
            type="button"
          >
            Import
          </Button>
          <Button
            disabled={busy !== null}
            isLoading={busy === 'export'}
            onClick={() => void download()}
            type="button"
            variant="secondary"
          >
            Export CSV
          </Button>
        </Flex>
      </Flex>
      {rowErrors.length > 0 && (
        <Box marginTop="large">
          <Table
            columns={[
              { header: 'Row', hash: 'row', render: (e: RowError) => e.row },
              { header: 'Column', hash: 'column', render: (e: RowError) => e.column },
              { header: 'Problem', hash: 'message', render: (e: RowError) => e.message },
            ]}
            aria-label="Import problems"
            itemName="Import problems"
            items={rowErrors}
            keyField="id"
          />
        </Box>
      )}
    </Panel>
  );
}
