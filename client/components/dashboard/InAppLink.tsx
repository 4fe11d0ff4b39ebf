import { Link } from '@bigcommerce/big-design';
import type { ReactNode } from 'react';

import { useNavigate } from '../Router';

/** A link to another page of the app (no reload: the router moves). */
export function InAppLink({ path, children, label }: { path: string; children: ReactNode; label?: string }) {
  const navigate = useNavigate();
  return (
    <Link
      aria-label={label}
      href={path}
      onClick={(event) => {
        event.preventDefault();
        navigate(path);
      }}
    >
      {children}
    </Link>
  );
}
