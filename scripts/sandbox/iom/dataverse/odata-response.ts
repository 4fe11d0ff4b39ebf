/** Response metadata shared by the read handlers: the `@odata.context` URL and `Preference-Applied`. */
import type { RequestScope } from './environment';
import type { EntityDef } from './schema';

export function contextUrl(
  scope: RequestScope,
  def: EntityDef,
  select: readonly string[] | undefined,
): string {
  const columns = select ? `(${select.join(',')})` : '';
  return `${scope.serviceRoot}/$metadata#${def.entitySetName}${columns}`;
}

export function preferenceApplied(scope: RequestScope, paging: boolean): Record<string, string> {
  const applied: string[] = [];
  if (paging && scope.prefer.maxPageSize !== undefined)
    applied.push(`odata.maxpagesize=${scope.prefer.maxPageSize}`);
  if (scope.prefer.annotationsValue !== undefined)
    applied.push(`odata.include-annotations="${scope.prefer.annotationsValue}"`);
  return applied.length > 0 ? { 'Preference-Applied': applied.join(',') } : {};
}
