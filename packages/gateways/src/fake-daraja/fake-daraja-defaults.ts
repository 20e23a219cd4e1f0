/**
 * Credentials the fake Daraja accepts unless told otherwise. They are Safaricom's public
 * sandbox values where one exists (short code 174379 and its passkey), so the same adapter
 * configuration also works against the real sandbox.
 */
export const fakeDarajaDefaults = {
  consumerKey: 'fake-consumer-key',
  consumerSecret: 'fake-consumer-secret',
  shortCode: '174379',
  passkey: 'bfb279f9aa9bdbcf158e97dd71a467cd2e0c893059b10f78e6b72ada1ed2c919',
  initiatorName: 'testapi',
  securityCredential: 'fake-security-credential',
} as const;
