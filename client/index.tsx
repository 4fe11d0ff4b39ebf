import { GlobalStyles } from '@bigcommerce/big-design';
import { StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';

import type { AppBootstrap } from '../server/http/api-types';
import { App } from './App';
import { SourceSansFaces } from './fonts';
import { LaunchErrorPage } from './pages/LaunchErrorPage';
import { readBootstrap, Session } from './session';

function startApp(bootstrap: AppBootstrap): ReactNode {
  const session = new Session(bootstrap);
  session.start();
  return <App initialPath={bootstrap.path} session={session} />;
}

const container = document.getElementById('root');
if (!container) throw new Error('IOM Connector: the page has no #root element.');

const launch = readBootstrap(document);
createRoot(container).render(
  <StrictMode>
    <GlobalStyles />
    <SourceSansFaces />
    {launch.ok ? startApp(launch.bootstrap) : <LaunchErrorPage problem={launch.problem} />}
  </StrictMode>,
);
