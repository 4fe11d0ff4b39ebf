/** The IOM Connector mark (same drawing as /static/favicon.svg): two opposed arrows, orders in and out. */
export function BrandMark({ size }: { size: number }) {
  return (
    <svg
      aria-hidden="true"
      focusable="false"
      height={size}
      style={{ flexShrink: 0 }}
      viewBox="0 0 32 32"
      width={size}
    >
      <rect fill="#3C64F4" height="32" rx="7" width="32" />
      <path
        d="M8 12.5h15.5l-4.5-4.5M24 19.5H8.5l4.5 4.5"
        fill="none"
        stroke="#FFFFFF"
        strokeLinecap="round"
        strokeLinejoin="round"
        strokeWidth="2.5"
      />
    </svg>
  );
}
