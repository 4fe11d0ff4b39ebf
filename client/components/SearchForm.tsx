import { Box, Button, Flex, Form } from '@bigcommerce/big-design';
import type { FormEvent, ReactNode } from 'react';

import { TextField } from './TextField';

interface SearchFormProps {
  /** The search landmark's name, e.g. "Search orders". */
  label: string;
  /** The text field's label, e.g. "SKU contains". */
  queryLabel: string;
  placeholder?: string;
  query: string;
  onQueryChange: (query: string) => void;
  /** Search was pressed (or Enter): the page applies what the fields hold now. */
  onSearch: () => void;
  /** More fields after the text field, e.g. a date range. */
  children?: ReactNode;
  /** Buttons after Search, e.g. "Clear dates". */
  actions?: ReactNode;
}

/**
 * A search landmark (`role="search"`): a text field, any further fields, then Search. The fields only
 * take effect on Search, so typing does not reload the list on every key.
 */
export function SearchForm(props: SearchFormProps) {
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    props.onSearch();
  };
  return (
    <Form aria-label={props.label} fullWidth noValidate onSubmit={submit} role="search">
      <Flex alignItems="flex-end" flexDirection="row" flexGap="0.75rem" flexWrap="wrap">
        <Box style={{ flex: '1 1 16rem' }}>
          <TextField
            label={props.queryLabel}
            name="q"
            onChange={(event) => props.onQueryChange(event.target.value)}
            placeholder={props.placeholder}
            type="search"
            value={props.query}
          />
        </Box>
        {props.children}
        <Flex flexDirection="row" flexGap="0.5rem" marginBottom="large">
          <Button mobileWidth="auto" type="submit" variant="secondary">
            Search
          </Button>
          {props.actions}
        </Flex>
      </Flex>
    </Form>
  );
}
