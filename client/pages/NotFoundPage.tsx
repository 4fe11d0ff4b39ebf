import { Button } from '@bigcommerce/big-design';

import { StatusPage } from '../components/StatusPage';
import { useNavigate } from '../components/Router';

export function NotFoundPage({ path }: { path: string }) {
  const navigate = useNavigate();
  return (
    <StatusPage
      actions={<Button onClick={() => navigate('/')}>Back to the dashboard</Button>}
      heading="Page not found"
      message={`IOM Connector has no page at ${path}.`}
      variant="404"
    />
  );
}
