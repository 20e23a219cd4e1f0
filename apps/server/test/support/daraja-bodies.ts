// Daraja's callback bodies as Safaricom documents them, for tests that play the provider's part
// on the real callback routes (a late, duplicate or contradicting result).

export function stkSuccess(checkoutRequestId: string, amount: number, msisdn: string | undefined, receipt: string) {
  const items: { Name: string; Value: number | string }[] = [
    { Name: 'Amount', Value: amount },
    { Name: 'MpesaReceiptNumber', Value: receipt },
    { Name: 'TransactionDate', Value: 20261201101010 },
  ];
  if (msisdn !== undefined) items.push({ Name: 'PhoneNumber', Value: Number(msisdn) });
  return {
    Body: {
      stkCallback: {
        MerchantRequestID: `29115-${checkoutRequestId}`,
        CheckoutRequestID: checkoutRequestId,
        ResultCode: 0,
        ResultDesc: 'The service request is processed successfully.',
        CallbackMetadata: { Item: items },
      },
    },
  };
}

export function b2cSuccess(
  ids: { conversationId: string; originatorConversationId: string | undefined },
  amount: number,
  msisdn: string,
  receipt: string,
) {
  return {
    Result: {
      ResultType: 0,
      ResultCode: 0,
      ResultDesc: 'The service request is processed successfully.',
      ...(ids.originatorConversationId === undefined ? {} : { OriginatorConversationID: ids.originatorConversationId }),
      ConversationID: ids.conversationId,
      TransactionID: receipt,
      ResultParameters: {
        ResultParameter: [
          { Key: 'TransactionAmount', Value: amount },
          { Key: 'TransactionReceipt', Value: receipt },
          { Key: 'ReceiverPartyPublicName', Value: `${msisdn} - Jane Doe` },
          { Key: 'TransactionCompletedDateTime', Value: '01.12.2026 10:10:10' },
        ],
      },
      ReferenceData: { ReferenceItem: { Key: 'QueueTimeoutURL', Value: 'https://example.invalid/timeout' } },
    },
  };
}

export function airtimeStatus(requestId: string, phone: string, value: string) {
  return { requestId, status: 'Success', phoneNumber: phone, description: 'Airtime Delivered Successfully', value };
}
