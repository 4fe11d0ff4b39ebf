describe('fulfillment schema: an environment whose return tables cannot be found', () => {
  const ctx = useConnectedHarness({ renames: { msdyn_returnorder: 'contoso_rma' } });

  it('leaves returns out (null) with a note that they won’t be relayed, and an override brings them back', async () => {
    const { h, token } = ctx;
    const result = await runTest(h, token);
    expect(result.fulfillmentProfile).toMatchObject({ returnOrder: null, returnLine: null });
    expect(result.fulfillmentProfile?.missing).toEqual([
      expect.stringMatching(
        /^No Return Order table was found .*returns won’t be relayed: set returnOrder\.table/,
      ),
    ]);
    expect(check(result, 'fulfillment-schema')?.status).toBe('warn');
    expect(result.ok).toBe(true);

    const res = await jsonRequest(h, token, 'PUT', '/api/connection/schema-overrides', {
      'returnOrder.table': 'contoso_rma',
    });
    const { fulfillmentProfile: profile } = (await res.json()) as SchemaOverridesResponse;
    expect(profile).toMatchObject({
      returnOrder: {
        table: 'contoso_rma',
        entitySet: 'contoso_rmas',
        id: 'contoso_rmaid',
        salesOrder: 'msdyn_salesorderid',
      },
      returnLine: { table: 'msdyn_returnorderdetail', returnOrder: 'msdyn_returnorderid' },
      changeTracking: { returnOrder: true },
      missing: [],
      overridden: ['returnOrder.table'],
    });
  });
});
