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
      // Underlined: in a line of text a link must not be told apart by its colour alone.
      style={{ textDecoration: 'underline' }}
      onClick={(event) => {
        event.preventDefault();
        navigate(path);
      }}
    >
      {children}
    </Link>
  );
}
