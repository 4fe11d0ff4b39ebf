/**
 * Keeps the keyboard focus across an in-app navigation. The Router keys each page by its path, so the
 * link or button that was pressed is unmounted with its page and the focus would fall back to the
 * document body (Tab starting over from the top, a screen reader announcing nothing). The Router calls
 * `expectPageChange` as it navigates; each PageLayout calls `restoreFocus` once it is on screen.
 */

/** The navigation link that was focused (its href), or null: the focus goes to the new page's main. */
let pending: { navHref: string | null } | null = null;
let listening = false;

/** A page is about to replace this one: remember where the focus was. */
export function expectPageChange(): void {
  const active = document.activeElement;
  const navHref =
    active instanceof HTMLAnchorElement && active.closest('nav') ? active.getAttribute('href') : null;
  pending = { navHref };
  if (listening) return;
  listening = true;
  // The next key or pointer press is the user's own move: from then on the focus is theirs.
  const settled = () => {
    pending = null;
  };
  window.addEventListener('keydown', settled, true);
  window.addEventListener('pointerdown', settled, true);
}

/**
 * If the focus was lost to the body by a navigation, put it on the same navigation link of the new
 * page, or on its main landmark (which must have tabIndex -1).
 */
export function restoreFocus(page: HTMLElement, main: HTMLElement): void {
  if (!pending) return;
  const active = document.activeElement;
  if (active && active !== document.body) return;
  const { navHref } = pending;
  const link = [...page.querySelectorAll<HTMLAnchorElement>('nav a')].find(
    (candidate) => navHref !== null && candidate.getAttribute('href') === navHref,
  );
  (link ?? main).focus({ preventScroll: true });
}
