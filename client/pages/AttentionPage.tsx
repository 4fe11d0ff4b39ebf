import { PageLayout } from '../components/PageLayout';

// Placeholder while the page is being built (issue 9); replaced by the page itself.
export function AttentionPage() {
  return <PageLayout>{null}</PageLayout>;
}
