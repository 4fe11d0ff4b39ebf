import { can, permissionsOf, refusal } from '../../server/http/permissions';
import { roleOnLoad } from '../../server/lifecycle/roles';

describe('roleOnLoad', () => {
  it.each([
    [null, true, 'owner'],
    ['user', true, 'owner'],
    ['admin', true, 'owner'],
    ['owner', true, 'owner'],
    [null, false, 'user'],
    ['user', false, 'user'],
    ['admin', false, 'admin'],
    // A former owner the payload no longer names as owner.
    ['owner', false, 'user'],
  ] as const)('stored %s, payload owner: %s → %s', (stored, isOwner, expected) => {
    expect(roleOnLoad(stored, isOwner)).toBe(expected);
  });
});

describe('permissions', () => {
  it('lets everyone view and operate, owner and admins manage, and only the owner manage users', () => {
    const table = (['owner', 'admin', 'user'] as const).map((role) => [
      role,
      can(role, 'view'),
      can(role, 'operate'),
      can(role, 'manage'),
      can(role, 'manageUsers'),
    ]);
    expect(table).toEqual([
      ['owner', true, true, true, true],
      ['admin', true, true, true, false],
      ['user', true, true, false, false],
    ]);
    expect(permissionsOf('admin')).toEqual({ manageConnection: true, manageUsers: false });
  });

  it('says who can do it and whom to ask', () => {
    expect(refusal('manage', 'disconnect IOM', 'o@example.com')).toBe(
      'Only the store owner or an app admin can disconnect IOM. Ask o@example.com to make you an admin in IOM Connector › Users.',
    );
    expect(refusal('manageUsers', 'make users app admins', 'o@example.com')).toBe(
      'Only the store owner (o@example.com) can make users app admins.',
    );
  });
});
