import { theme } from '@bigcommerce/big-design-theme';
import type { MouseEvent } from 'react';
import styled from 'styled-components';

import { useCurrentPath, useNavigate } from './Router';

/** The app's pages, in navigation order. */
export const NAV_ITEMS = [
  { path: '/', label: 'Dashboard' },
  { path: '/orders', label: 'Orders' },
  { path: '/attention', label: 'Needs attention' },
  { path: '/mappings', label: 'Mappings' },
  { path: '/backfill', label: 'Backfill' },
  { path: '/settings', label: 'Settings' },
  { path: '/connection', label: 'IOM connection' },
  { path: '/users', label: 'Users' },
] as const;

const NavList = styled.ul`
  display: flex;
  gap: ${theme.spacing.xLarge};
  margin: 0;
  padding: 0;
  list-style: none;
  border-bottom: 1px solid ${theme.colors.secondary30};
  overflow-x: auto;
`;

/** Looks like BigDesign's Tabs; navigates inside the app (the iframe's URL never changes). */
const NavLink = styled.a`
  display: block;
  margin-bottom: -1px;
  padding: ${theme.spacing.small} ${theme.spacing.xxSmall};
  border-bottom: ${theme.spacing.xxSmall} solid transparent;
  color: ${theme.colors.primary};
  font-size: ${theme.typography.fontSize.medium};
  line-height: ${theme.lineHeight.medium};
  text-decoration: none;
  white-space: nowrap;

  &:hover {
    color: ${theme.colors.primary60};
    border-bottom-color: ${theme.colors.secondary40};
  }

  &:focus-visible {
    outline: none;
    box-shadow: 0 0 0 ${theme.spacing.xxSmall} ${theme.colors.primary20};
    border-radius: ${theme.borderRadius.normal};
  }

  &[aria-current='page'] {
    color: ${theme.colors.secondary70};
    font-weight: ${theme.typography.fontWeight.semiBold};
    border-bottom-color: ${theme.colors.primary40};
  }
`;

/** The item of the page on screen, or of its parent (`/orders` for `/orders/7`). */
function isCurrent(path: string, currentPath: string): boolean {
  return path === currentPath || (path !== '/' && currentPath.startsWith(`${path}/`));
}

export function AppNav() {
  const currentPath = useCurrentPath();
  const navigate = useNavigate();
  const open = (event: MouseEvent<HTMLAnchorElement>, path: string) => {
    event.preventDefault();
    navigate(path);
  };
  return (
    <nav aria-label="IOM Connector">
      <NavList>
        {NAV_ITEMS.map(({ path, label }) => (
          <li key={path}>
            <NavLink
              aria-current={isCurrent(path, currentPath) ? 'page' : undefined}
              href={path}
              onClick={(event) => open(event, path)}
            >
              {label}
            </NavLink>
          </li>
        ))}
      </NavList>
    </nav>
  );
}
