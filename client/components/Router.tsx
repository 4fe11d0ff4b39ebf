/**
 * A small in-memory router: the iframe's URL never changes; the start page comes from the bootstrap's
 * deep link. A route is one line: `{ pattern: '/orders/:id', render: ({ id }) => <OrderPage id={id} /> }`.
 */
import { createContext, Fragment, useCallback, useContext, useState, type ReactNode } from 'react';

import { expectPageChange } from './focus-after-navigation';

export type RouteParams = Readonly<Record<string, string>>;

export interface Route {
  /** Literal segments and `:name` parameters, e.g. `/orders/:id`. */
  pattern: string;
  render: (params: RouteParams) => ReactNode;
}

/** Drops the query and fragment and any trailing slash: `/orders/7/?tab=lines` → `/orders/7`. */
export function normalizePath(path: string): string {
  const pathname = path.split(/[?#]/, 1)[0] ?? '';
  const trimmed = pathname.replace(/\/+$/, '');
  return trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

function segments(path: string): string[] {
  return path.split('/').filter((segment) => segment.length > 0);
}

function decodeSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/** The parameters if `path` matches `pattern`, otherwise null. */
export function matchPath(pattern: string, path: string): RouteParams | null {
  const expected = segments(pattern);
  const actual = segments(normalizePath(path));
  if (expected.length !== actual.length) return null;
  const params: Record<string, string> = {};
  for (const [index, part] of expected.entries()) {
    const segment = actual[index] ?? '';
    if (part.startsWith(':')) {
      const value = decodeSegment(segment);
      if (value === null) return null;
      params[part.slice(1)] = value;
    } else if (part !== segment) {
      return null;
    }
  }
  return params;
}

const NavigateContext = createContext<((path: string) => void) | null>(null);
const PathContext = createContext<string>('/');

/** Opens another in-app page. */
export function useNavigate(): (path: string) => void {
  const navigate = useContext(NavigateContext);
  if (!navigate) throw new Error('useNavigate must be used inside <Router>.');
  return navigate;
}

/** The path of the page on screen (normalized), e.g. to mark the current item of a navigation. */
export function useCurrentPath(): string {
  return useContext(PathContext);
}

interface RouterProps {
  initialPath: string;
  routes: readonly Route[];
  /** Rendered when no route matches. */
  notFound: (path: string) => ReactNode;
}

export function Router({ initialPath, routes, notFound }: RouterProps) {
  const [path, setPath] = useState(() => normalizePath(initialPath));
  const navigate = useCallback((to: string) => {
    expectPageChange();
    setPath(normalizePath(to));
    window.scrollTo(0, 0);
  }, []);

  let page: ReactNode = null;
  for (const route of routes) {
    const params = matchPath(route.pattern, path);
    if (params) {
      page = route.render(params);
      break;
    }
  }

  return (
    <NavigateContext.Provider value={navigate}>
      <PathContext.Provider value={path}>
        {/* Keyed by path so a page starts fresh when only its parameters change. */}
        <Fragment key={path}>{page ?? notFound(path)}</Fragment>
      </PathContext.Provider>
    </NavigateContext.Provider>
  );
}
