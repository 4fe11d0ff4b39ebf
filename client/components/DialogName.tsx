import { useLayoutEffect, useRef } from 'react';

/**
 * Names the dialog it is rendered in. BigDesign's Modal labels its inner box with the header, not the
 * element with role="dialog", so the dialog itself has no accessible name; render this in its body.
 */
export function DialogName({ name }: { name: string }) {
  const marker = useRef<HTMLSpanElement>(null);
  useLayoutEffect(() => {
    const dialog = marker.current?.closest('[role="dialog"]');
    dialog?.setAttribute('aria-label', name);
  }, [name]);
  return <span hidden ref={marker} />;
}
