export interface V3Pagination {
  total: number;
  count: number;
  per_page: number;
  current_page: number;
  total_pages: number;
  links: { previous?: string; current: string; next?: string };
}

/** The `meta.pagination` object of BigCommerce's v3 collections; links are relative query strings
 *  (`?page=2&limit=50`) carrying the request's filters, `previous`/`next` only where such a page exists. */
export function pagination(
  total: number,
  count: number,
  page: number,
  limit: number,
  filters: Record<string, string | undefined>,
): V3Pagination {
  const totalPages = Math.ceil(total / limit);
  const link = (p: number): string => {
    const params = new URLSearchParams({ page: String(p), limit: String(limit) });
    for (const [key, value] of Object.entries(filters)) if (value !== undefined) params.set(key, value);
    return `?${params.toString()}`;
  };
  return {
    total,
    count,
    per_page: limit,
    current_page: page,
    total_pages: totalPages,
    links: {
      ...(page > 1 ? { previous: link(Math.min(page - 1, Math.max(totalPages, 1))) } : {}),
      current: link(page),
      ...(page < totalPages ? { next: link(page + 1) } : {}),
    },
  };
}
