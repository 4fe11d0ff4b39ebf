import { Panel, Text } from '@bigcommerce/big-design';
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';

import type { AttentionGroupView } from '../../server/http/api-types';
import { asApiError, useApiSession, useSessionDetails } from '../api';
import { ApiErrorMessage } from '../components/ApiErrorMessage';
import { AttentionGroupPanel, type RetryProgress } from '../components/attention/AttentionGroupPanel';
import { groupKey, ordersText } from '../components/attention/causes';
import { LoadingState } from '../components/LoadingState';
import { PageLayout } from '../components/PageLayout';
import { retryAttention, useAttention } from '../hooks/attention';
import { useCarrierMappings } from '../hooks/mappings';
import { Notice } from '../components/Notice';

/** While orders are on their way the inbox is read every POLL_BUSY_MS, else every POLL_IDLE_MS. */
const POLL_BUSY_MS = 1_500;
const POLL_IDLE_MS = 20_000;
/** A retried order still in its group after this long failed again. */
const GIVE_UP_MS = 30_000;

interface Done {
  type: 'success' | 'error';
  text: string;
}

/** Everything that stopped, grouped by cause, each with its fix and a retry of all its orders. */
export function AttentionPage() {
  const headerId = useId();
  const session = useApiSession();
  const [progress, setProgress] = useState<Record<string, RetryProgress>>({});
  const [retrying, setRetrying] = useState<string | null>(null);
  const [done, setDone] = useState<Done | null>(null);
  const busy = Object.keys(progress).length > 0;
  const attention = useAttention({ refreshInterval: busy ? POLL_BUSY_MS : POLL_IDLE_MS });
  const details = useSessionDetails();
  const carriers = useCarrierMappings();
  const data = attention.data;

  // A group fixed from the keyboard leaves with the focused button: the focus goes to the inbox's top.
  const inboxRef = useRef<HTMLDivElement>(null);
  const groupCount = useRef<number | null>(null);
  useEffect(() => {
    const count = data?.groups.length ?? null;
    const fewer = count !== null && groupCount.current !== null && count < groupCount.current;
    groupCount.current = count;
    const active = document.activeElement;
    if (fewer && (!active || active === document.body)) inboxRef.current?.focus({ preventScroll: true });
  }, [data]);

  // Orders retried that left their group went through; those still there after a while failed again.
  useEffect(() => {
    if (!data) return;
    const now = Date.now();
    let sent = 0;
    let failed = 0;
    const next: Record<string, RetryProgress> = {};
    for (const [key, p] of Object.entries(progress)) {
      const group = data.groups.find((g) => groupKey(g) === key);
      const still = p.orders.filter((id) => group?.orders.includes(id));
      if (still.length === 0) sent += p.orders.length;
      else if (now - p.at > GIVE_UP_MS) {
        sent += p.orders.length - still.length;
        failed += still.length;
      } else next[key] = p;
    }
    if (sent === 0 && failed === 0) return;
    setProgress(next);
    setDone(
      failed > 0
        ? {
            type: 'error',
            text: `${ordersText(failed)} still need attention after the retry; see the reason below.`,
          }
        : { type: 'success', text: `${ordersText(sent)} went through and left the inbox.` },
    );
  }, [data, progress]);

  const track = (group: AttentionGroupView, orders: number[], what: string) => {
    setDone(null);
    if (orders.length > 0)
      setProgress((current) => ({ ...current, [groupKey(group)]: { orders, what, at: Date.now() } }));
    void attention.mutate();
  };

  const retry = async (group: AttentionGroupView) => {
    const key = groupKey(group);
    setRetrying(key);
    try {
      const response = await retryAttention(session, { cause: group.code, direction: group.direction });
      track(group, [...new Set([...response.inbound, ...response.outbound])], '');
      if (response.queued === 0) setDone({ type: 'success', text: 'Nothing was waiting any more.' });
    } catch (error) {
      setDone({ type: 'error', text: `The orders were not retried: ${asApiError(error).message}` });
    }
    setRetrying(null);
  };

  let body: ReactNode;
  if (data && details.data) {
    const total = data.total + data.outboundTotal;
    body =
      total === 0 ? (
        <Panel header="Needs attention" margin="none">
          {done && (
            <Notice role="alert" marginBottom="medium" messages={[{ text: done.text }]} type={done.type} />
          )}
          <Text margin="none">
            Nothing needs attention. When an order cannot be sent to IOM, or IOM’s fulfillment cannot be
            written back to BigCommerce, it shows up here with what to do.
          </Text>
        </Panel>
      ) : (
        <>
          <Panel
            aria-labelledby={headerId}
            description={`${ordersText(data.total)} waiting to reach IOM${data.outboundTotal > 0 ? `, ${ordersText(data.outboundTotal)} with IOM updates waiting for BigCommerce` : ''}. Fix each cause below; the orders then go through by themselves or with one retry.`}
            header="Needs attention"
            headerId={headerId}
            marginBottom="large"
            role="region"
          >
            {done && <Notice role="alert" margin="none" messages={[{ text: done.text }]} type={done.type} />}
          </Panel>
          {data.groups.map((group) => (
            <AttentionGroupPanel
              access={details.data!}
              group={group}
              key={groupKey(group)}
              onCarrierMapped={(g, carrier, requeued) => track(g, requeued, `${carrier} is mapped.`)}
              onRetry={(g) => void retry(g)}
              onSkuMapped={(g, sku, product, requeued) =>
                track(g, requeued, `${sku} is mapped to ${product.name}.`)
              }
              progress={progress[groupKey(group)]}
              retrying={retrying === groupKey(group)}
              shippingProviders={carriers.data?.shippingProviders ?? ['']}
            />
          ))}
        </>
      );
  } else if (attention.error ?? details.error) {
    body = (
      <ApiErrorMessage
        error={(attention.error ?? details.error)!}
        header="The orders that need attention could not be loaded"
        onRetry={() => {
          void attention.mutate();
          void details.mutate();
        }}
        retrying={attention.isValidating}
      />
    );
  } else {
    body = <LoadingState label="Loading what needs attention…" />;
  }
  return (
    <PageLayout>
      <div ref={inboxRef} style={{ outline: 'none' }} tabIndex={-1}>
        {body}
      </div>
    </PageLayout>
  );
}
