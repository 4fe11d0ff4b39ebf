import { Box, Panel, Tabs } from '@bigcommerce/big-design';
import { useId, useState, type ReactNode } from 'react';

import type { SettingsResponse } from '../../server/http/api-types';
import { useSessionDetails } from '../api';
import { ApiErrorMessage } from '../components/ApiErrorMessage';
import { LoadingState } from '../components/LoadingState';
import { AutoMatchPanel } from '../components/mappings/AutoMatchPanel';
import { CarriersPanel } from '../components/mappings/CarriersPanel';
import { CsvPanel } from '../components/mappings/CsvPanel';
import { SkuMappingsPanel, type SkuDraft } from '../components/mappings/SkuMappingsPanel';
import { StatusMapPanel } from '../components/mappings/StatusMapPanel';
import { PageLayout } from '../components/PageLayout';
import { useSettings } from '../hooks/relay';

type TabId = 'mappings-products' | 'mappings-statuses' | 'mappings-carriers';

const TABS: Array<{ id: TabId; title: string }> = [
  { id: 'mappings-products', title: 'Products' },
  { id: 'mappings-statuses', title: 'Order statuses' },
  { id: 'mappings-carriers', title: 'Carriers' },
];

/** How BigCommerce's products, statuses and carriers meet IOM's. */
export function MappingsPage() {
  const headerId = useId();
  const panelId = useId();
  const [tab, setTab] = useState<TabId>('mappings-products');
  const [draft, setDraft] = useState<SkuDraft | null>(null);
  const [version, setVersion] = useState(0);
  const details = useSessionDetails();
  const settings = useSettings();

  const edit = (sku: string) => setDraft({ sku, nonce: Date.now() });

  let content: ReactNode;
  const error = details.error ?? (tab === 'mappings-statuses' ? settings.error : undefined);
  if (!details.data || (tab === 'mappings-statuses' && !settings.data)) {
    content = error ? (
      <ApiErrorMessage
        error={error}
        header="The mappings could not be loaded"
        onRetry={() => {
          void details.mutate();
          void settings.mutate();
        }}
        retrying={details.isValidating || settings.isValidating}
      />
    ) : (
      <LoadingState label="Loading the mappings…" />
    );
  } else if (tab === 'mappings-products') {
    content = (
      <>
        <SkuMappingsPanel
          draft={draft}
          version={version}
          onChanged={() => setVersion((v) => v + 1)}
          onEdit={edit}
        />
        <AutoMatchPanel onMap={edit} version={version} />
        <CsvPanel access={details.data} onImported={() => setVersion((v) => v + 1)} />
      </>
    );
  } else if (tab === 'mappings-statuses') {
    content = (
      <StatusMapPanel
        access={details.data}
        onSaved={(response: SettingsResponse) => void settings.mutate(response, { revalidate: false })}
        saved={settings.data!}
      />
    );
  } else {
    content = <CarriersPanel access={details.data} />;
  }

  return (
    <PageLayout>
      <Panel
        aria-labelledby={headerId}
        description="How BigCommerce’s products, order statuses and carriers meet IOM’s."
        header="Mappings"
        headerId={headerId}
        marginBottom="large"
        role="region"
      >
        <Tabs
          activeTab={tab}
          aria-label="Mappings"
          items={TABS.map(({ id, title }) => ({ id, title, ariaControls: panelId }))}
          onTabClick={(id) => setTab(id as TabId)}
        />
      </Panel>
      <Box aria-labelledby={tab} id={panelId} role="tabpanel">
        {content}
      </Box>
    </PageLayout>
  );
}
