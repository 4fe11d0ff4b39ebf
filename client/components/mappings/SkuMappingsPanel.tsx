import { Box, Button, Flex, Form, H3, Panel, Table, Text } from '@bigcommerce/big-design';
import { useEffect, useId, useState, type FormEvent } from 'react';

import type { SkuMappingView } from '../../../server/http/api-types';
import type { IomProductView } from '../../../server/http/attention-api-types';
import type { SkuMappingsPageResponse } from '../../../server/http/mappings-api-types';
import { asApiError, useApiSession } from '../../api';
import { deleteSkuMapping, saveSkuMapping, useSkuMappings } from '../../hooks/mappings';
import { ApiErrorMessage } from '../ApiErrorMessage';
import { RelativeTime } from '../DateTime';
import { LoadingState } from '../LoadingState';
import { LoadMore } from '../LoadMore';
import { SearchForm } from '../SearchForm';
import { TextField } from '../TextField';
import { ProductPicker } from './ProductPicker';
import { Notice } from '../Notice';

interface Row extends SkuMappingView {
  product: IomProductView | null;
}

/** The SKU to edit, set from outside (an unmatched SKU's "Map" button). */
export interface SkuDraft {
  sku: string;
  /** Changes on every request, so the same SKU can be asked for twice. */
  nonce: number;
}

/** SKU ↔ IOM product: add or change a mapping, search the mappings, delete one. */
export function SkuMappingsPanel({
  draft,
  version,
  onEdit,
  onChanged,
}: {
  draft: SkuDraft | null;
  /** Changes when mappings changed elsewhere (an import): the list is read again. */
  version: number;
  onEdit: (sku: string) => void;
  onChanged: () => void;
}) {
  const session = useApiSession();
  const headerId = useId();
  const [query, setQuery] = useState('');
  const [q, setQ] = useState('');
  const mappings = useSkuMappings(q);
  const { mutate } = mappings;
  useEffect(() => {
    if (version > 0) void mutate();
  }, [version, mutate]);
  const [feedback, setFeedback] = useState<{ type: 'success' | 'error'; text: string } | null>(null);

  const pages: SkuMappingsPageResponse[] = mappings.data ?? [];
  const rows: Row[] = pages.flatMap((page) =>
    page.mappings.map((m) => ({ ...m, product: page.products[m.productId] ?? null })),
  );
  const productsError = pages.find((p) => p.productsError)?.productsError ?? null;
  const hasMore = Boolean(pages.at(-1)?.next);

  const remove = async (sku: string) => {
    try {
      await deleteSkuMapping(session, sku);
      setFeedback({ type: 'success', text: `${sku} is matched by product number again.` });
      void mappings.mutate();
      onChanged();
    } catch (error) {
      setFeedback({ type: 'error', text: asApiError(error).message });
    }
  };

  let table;
  if (mappings.data) {
    table = (
      <>
        {productsError && (
          <Notice marginBottom="medium" messages={[{ text: productsError }]} type="warning" />
        )}
        <Table
          columns={[
            { header: 'BigCommerce SKU', hash: 'sku', render: (row: Row) => row.sku },
            {
              header: 'IOM product',
              hash: 'product',
              render: (row: Row) =>
                row.product ? (
                  <span>
                    {row.product.name}{' '}
                    <Text as="span" color="secondary60" margin="none">
                      {row.product.productNumber}
                    </Text>
                  </span>
                ) : (
                  <Text as="span" color={productsError ? 'secondary60' : 'danger'} margin="none">
                    {productsError ? row.productId : `${row.productId} (not in IOM)`}
                  </Text>
                ),
            },
            {
              header: 'Changed',
              hash: 'updatedAt',
              display: { mobile: 'none', tablet: 'table-cell' },
              render: (row: Row) => <RelativeTime iso={row.updatedAt} />,
            },
            {
              header: 'Actions',
              hash: 'actions',
              align: 'right',
              render: (row: Row) => (
                <Flex flexGap="0.25rem" justifyContent="flex-end">
                  <Button
                    aria-label={`Change the mapping of ${row.sku}`}
                    onClick={() => onEdit(row.sku)}
                    type="button"
                    variant="subtle"
                  >
                    Change
                  </Button>
                  <Button
                    aria-label={`Delete the mapping of ${row.sku}`}
                    onClick={() => void remove(row.sku)}
                    type="button"
                    variant="subtle"
                  >
                    Delete
                  </Button>
                </Flex>
              ),
            },
          ]}
          emptyComponent={
            <Text margin="none">
              {q
                ? `No mapped SKU contains “${q}”.`
                : 'No SKU is mapped by hand: every SKU is matched by product number.'}
            </Text>
          }
          aria-label="SKU mappings"
          itemName="SKU mappings"
          items={rows}
          keyField="sku"
        />
        {hasMore && <LoadMore list={mappings} />}
      </>
    );
  } else if (mappings.error) {
    table = (
      <ApiErrorMessage
        error={mappings.error}
        header="The SKU mappings could not be loaded"
        onRetry={() => void mappings.mutate()}
        retrying={mappings.isValidating}
      />
    );
  } else {
    table = <LoadingState label="Loading the SKU mappings…" />;
  }

  return (
    <Panel
      aria-labelledby={headerId}
      description="A BigCommerce SKU goes to the IOM product whose product number is the same. Map a SKU here when they differ: your mapping wins."
      header="Product mappings"
      headerId={headerId}
      marginBottom="large"
      role="region"
    >
      {feedback && (
        <Notice
          role="alert"
          marginBottom="medium"
          messages={[{ text: feedback.text }]}
          type={feedback.type}
        />
      )}
      <SkuMappingForm
        draft={draft}
        key={draft?.nonce ?? 0}
        onSaved={(text) => {
          setFeedback({ type: 'success', text });
          void mappings.mutate();
          onChanged();
        }}
      />
      <H3>Mapped by hand</H3>
      <SearchForm
        label="Search the SKU mappings"
        onQueryChange={setQuery}
        onSearch={() => setQ(query.trim())}
        query={query}
        queryLabel="SKU contains"
      />
      {table}
    </Panel>
  );
}

function SkuMappingForm({ draft, onSaved }: { draft: SkuDraft | null; onSaved: (text: string) => void }) {
  const session = useApiSession();
  const [sku, setSku] = useState(draft?.sku ?? '');
  const [product, setProduct] = useState<IomProductView | null>(null);
  const [errors, setErrors] = useState<{ sku?: string; product?: string; other?: string }>({});
  const [saving, setSaving] = useState(false);

  const save = async () => {
    const problems: typeof errors = {};
    if (!sku.trim()) problems.sku = 'Enter the BigCommerce SKU.';
    if (!product) problems.product = 'Search for the IOM product and pick it from the list.';
    setErrors(problems);
    if (problems.sku || problems.product || !product) return;
    setSaving(true);
    try {
      const response = await saveSkuMapping(session, sku.trim(), product.productId);
      const requeued = response.requeued.length;
      onSaved(
        `${sku.trim()} is mapped to ${product.name}.${requeued > 0 ? ` ${requeued === 1 ? '1 waiting order was' : `${requeued} waiting orders were`} queued again.` : ''}`,
      );
      setSku('');
      setProduct(null);
    } catch (error) {
      const apiError = asApiError(error);
      setErrors({ other: apiError.message });
    }
    setSaving(false);
  };

  return (
    <Form
      aria-label="Map a SKU"
      fullWidth
      noValidate
      onSubmit={(event: FormEvent<HTMLFormElement>) => {
        event.preventDefault();
        if (!saving) void save();
      }}
    >
      <H3>Map a SKU</H3>
      {errors.other && <Notice marginBottom="medium" messages={[{ text: errors.other }]} type="error" />}
      <Flex alignItems="flex-start" flexDirection={{ mobile: 'column', tablet: 'row' }} flexGap="0.75rem">
        <Box style={{ flex: '1 1 12rem' }}>
          <TextField
            autoFocus={draft !== null}
            error={errors.sku}
            label="BigCommerce SKU"
            name="sku"
            onChange={(event) => setSku(event.target.value)}
            value={sku}
          />
        </Box>
        <Box style={{ flex: '2 1 18rem', minWidth: 0 }}>
          <ProductPicker label="IOM product" onChange={setProduct} value={product} />
          {errors.product && (
            <Text color="danger" margin="none">
              {errors.product}
            </Text>
          )}
        </Box>
        <Box style={{ paddingTop: '1.75rem' }}>
          <Button disabled={saving} isLoading={saving} type="submit">
            Save mapping
          </Button>
        </Box>
      </Flex>
    </Form>
  );
}
