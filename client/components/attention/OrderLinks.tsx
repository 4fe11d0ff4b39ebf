import { Flex, Link, Text } from '@bigcommerce/big-design';
import { useState } from 'react';

import { useNavigate } from '../Router';

/** Shown before "Show all". */
const FIRST = 12;

/** The affected orders as links to their order pages. */
export function OrderLinks({ orders, label }: { orders: readonly number[]; label: string }) {
  const navigate = useNavigate();
  const [all, setAll] = useState(false);
  const shown = all ? orders : orders.slice(0, FIRST);
  return (
    <Flex
      aria-label={label}
      as="ul"
      flexGap="0.25rem 0.75rem"
      flexWrap="wrap"
      margin="none"
      padding="none"
      role="list"
      style={{ listStyle: 'none' }}
    >
      {shown.map((orderId) => (
        <li key={orderId}>
          <Link
            aria-label={`Order ${orderId}`}
            href={`/orders/${orderId}`}
            onClick={(event) => {
              event.preventDefault();
              navigate(`/orders/${orderId}`);
            }}
          >
            #{orderId}
          </Link>
        </li>
      ))}
      {orders.length > shown.length && (
        <li>
          <Link
            href="#"
            onClick={(event) => {
              event.preventDefault();
              setAll(true);
            }}
          >
            Show all {orders.length}
          </Link>
        </li>
      )}
      {orders.length === 0 && (
        <li>
          <Text as="span" color="secondary60" margin="none">
            None
          </Text>
        </li>
      )}
    </Flex>
  );
}
