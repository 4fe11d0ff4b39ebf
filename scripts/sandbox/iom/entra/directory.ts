/**
 * The simulated Entra tenant with its one app registration (the connector's), and the service principal
 * that becomes the Dataverse application user.
 */
import { stableGuid } from '../ids';

export interface AppRegistration {
  clientId: string;
  clientSecret: string;
  displayName: string;
  servicePrincipalId: string;
}

export interface Directory {
  tenantId: string;
  /** The tenant's display name, as AADSTS messages quote it. */
  tenantName: string;
  /** The tenant's initial domain; accepted in place of the id in authority URLs. */
  domain: string;
  app: AppRegistration;
}

export function createDirectory(tenantId: string, clientId: string, clientSecret: string): Directory {
  return {
    tenantId,
    tenantName: 'Contoso Sandbox',
    domain: 'contososandbox.onmicrosoft.com',
    app: {
      clientId,
      clientSecret,
      displayName: 'IOM Connector for BigCommerce',
      servicePrincipalId: stableGuid(`service-principal:${tenantId}:${clientId}`),
    },
  };
}

/** Tenant ids are GUIDs (compared case-insensitively) or the tenant's domain. */
export function isTenant(directory: Directory, tenant: string): boolean {
  const value = tenant.toLowerCase();
  return value === directory.tenantId.toLowerCase() || value === directory.domain;
}
