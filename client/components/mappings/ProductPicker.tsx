import { Box, FormControlDescription, FormGroup, Input, Text } from '@bigcommerce/big-design';
import { useId, useState, type KeyboardEvent } from 'react';

import type { IomProductView } from '../../../server/http/attention-api-types';
import { PRODUCT_SEARCH_MIN, useProductSearch } from '../../hooks/attention';

interface ProductPickerProps {
  label: string;
  /** The product chosen (null: none yet). */
  value: IomProductView | null;
  onChange: (product: IomProductView | null) => void;
  description?: string;
  disabled?: boolean;
}

/**
 * A combobox (WAI-ARIA 1.2 editable combobox with a list popup) that searches IOM's products by name
 * or product number as the merchant types: arrows move through the matches, Enter picks one, Escape
 * closes the list.
 */
export function ProductPicker({ label, value, onChange, description, disabled }: ProductPickerProps) {
  const listId = useId();
  const descriptionId = useId();
  const statusId = useId();
  const [text, setText] = useState(value ? value.name : '');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const search = useProductSearch(value && text === value.name ? '' : text);
  const products = search.data?.products ?? [];
  const typed = text.trim().length >= PRODUCT_SEARCH_MIN && !(value && text === value.name);
  const expanded = open && typed;
  const optionId = (index: number) => `${listId}-option-${index}`;

  const pick = (product: IomProductView) => {
    onChange(product);
    setText(product.name);
    setOpen(false);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setOpen(true);
      setActive((i) => (products.length === 0 ? 0 : (i + 1) % products.length));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((i) => (products.length === 0 ? 0 : (i - 1 + products.length) % products.length));
    } else if (event.key === 'Enter' && expanded && products[active]) {
      event.preventDefault();
      pick(products[active]);
    } else if (event.key === 'Escape') {
      setOpen(false);
    }
  };

  let status: string;
  if (!typed) status = value ? `${value.name} (${value.productNumber})` : '';
  else if (search.error) status = search.error.message;
  else if (!search.data || search.isLoading) status = 'Searching IOM…';
  else if (products.length === 0) status = `No IOM product has “${text.trim()}” in its name or number.`;
  else
    status = `${products.length}${search.data.truncated ? '+' : ''} IOM product${products.length === 1 ? '' : 's'} found.`;

  return (
    <FormGroup>
      <Box style={{ position: 'relative' }}>
        <Input
          aria-activedescendant={expanded && products[active] ? optionId(active) : undefined}
          aria-autocomplete="list"
          aria-controls={listId}
          aria-describedby={[description ? descriptionId : null, statusId].filter(Boolean).join(' ')}
          aria-expanded={expanded}
          autoComplete="off"
          description={
            description ? (
              <FormControlDescription id={descriptionId}>{description}</FormControlDescription>
            ) : undefined
          }
          disabled={disabled}
          label={label}
          onBlur={() => setOpen(false)}
          onChange={(event) => {
            setText(event.target.value);
            setActive(0);
            setOpen(true);
            if (value) onChange(null);
          }}
          onFocus={() => setOpen(true)}
          onKeyDown={onKeyDown}
          placeholder="Search by product name or number"
          role="combobox"
          value={text}
        />
        <ul
          aria-label={`IOM products matching ${text.trim()}`}
          id={listId}
          role="listbox"
          style={{
            display: expanded && products.length > 0 ? 'block' : 'none',
            position: 'absolute',
            zIndex: 20,
            insetInline: 0,
            margin: '0.25rem 0 0',
            padding: '0.5rem 0',
            listStyle: 'none',
            maxHeight: '15rem',
            overflowY: 'auto',
            background: '#fff',
            borderRadius: '0.25rem',
            boxShadow: '0 2px 12px rgba(49, 52, 64, 0.2)',
          }}
        >
          {products.map((product, index) => (
            <li
              aria-selected={index === active}
              id={optionId(index)}
              key={product.productId}
              onMouseDown={(event) => {
                event.preventDefault(); // keep the focus in the input
                pick(product);
              }}
              onMouseEnter={() => setActive(index)}
              role="option"
              style={{
                cursor: 'pointer',
                padding: '0.5rem 1rem',
                background: index === active ? '#f0f3ff' : undefined,
              }}
            >
              <Text as="span" margin="none">
                {product.name}
              </Text>{' '}
              <Text as="span" color="secondary60" margin="none">
                {product.productNumber}
              </Text>
            </li>
          ))}
        </ul>
        <Text
          as="span"
          color={search.error ? 'danger' : 'secondary60'}
          id={statusId}
          margin="none"
          role="status"
        >
          {status}
        </Text>
      </Box>
    </FormGroup>
  );
}
