/**
 * The application user's security role, as far as the knobs model it: read, create and write on orders (and,
 * as a parental child, their lines), and the customization right to create alternate keys. Everything
 * else is granted.
 *
 * sandbox assumption: the PrivilegeDenied message follows the shape Dataverse uses
 * ("Principal user (Id=…, type=8, …), is missing prvReadSalesOrder privilege …").
 */
import { stableGuid } from '../ids';
import { DataverseError, ErrorCode } from './errors';
import type { RequestScope } from './environment';

const ORDER_TABLES: ReadonlySet<string> = new Set(['salesorder', 'salesorderdetail']);

export type OrderAccess = 'read' | 'create' | 'write';

const ORDER_PRIVILEGES = {
  read: { knob: 'readSalesOrders', name: 'prvReadSalesOrder' },
  create: { knob: 'createSalesOrders', name: 'prvCreateSalesOrder' },
  write: { knob: 'writeSalesOrders', name: 'prvWriteSalesOrder' },
} as const;

export function requireOrderPrivilege(scope: RequestScope, entity: string, access: OrderAccess): void {
  if (!ORDER_TABLES.has(entity) || !scope.caller.enforcePrivileges) return;
  const privilege = ORDER_PRIVILEGES[access];
  if (!scope.env.knobs.privileges[privilege.knob])
    throw privilegeDenied(scope, privilege.name, 1088, 'salesorder');
}

export function requireCustomization(scope: RequestScope): void {
  if (scope.caller.enforcePrivileges && !scope.env.knobs.privileges.customizeEntities)
    throw privilegeDenied(scope, 'prvCreateEntityKey', 9333, 'entitykey');
}

function privilegeDenied(
  scope: RequestScope,
  privilege: string,
  objectTypeCode: number,
  entity: string,
): DataverseError {
  const privilegeId = stableGuid(`privilege:${privilege}`);
  return new DataverseError(
    403,
    ErrorCode.PrivilegeDenied,
    `Principal user (Id=${scope.caller.userId}, type=8, roleCount=1, privilegeCount=412, accessMode=4), is missing ${privilege} privilege (Id=${privilegeId}) on OTC=${objectTypeCode} for entity '${entity}'. Context: PrivilegeName=${privilege}, PrivilegeId=${privilegeId}.`,
  );
}
