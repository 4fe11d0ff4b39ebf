import { Button, Flex } from '@bigcommerce/big-design';

/** The part of an SWR infinite list that "Load more" needs. */
export interface PagedList {
  data?: readonly unknown[];
  size: number;
  isValidating: boolean;
  setSize(size: number): unknown;
}

/** "Load more" under a keyset-paged table: reads the next page, and shows it is busy meanwhile. */
export function LoadMore({ list }: { list: PagedList }) {
  const loading = list.isValidating && list.data !== undefined && list.size > list.data.length;
  return (
    <Flex justifyContent="center" marginTop="medium">
      <Button
        disabled={loading}
        isLoading={loading}
        onClick={() => void list.setSize(list.size + 1)}
        type="button"
        variant="secondary"
      >
        Load more
      </Button>
    </Flex>
  );
}
