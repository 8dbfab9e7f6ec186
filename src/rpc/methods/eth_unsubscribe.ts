/**
 * `eth_unsubscribe(subscriptionId)`: stops a subscription of the calling socket. Generic (the
 * subscription mechanism is the server's), so every chain's table can include it as is.
 */
import { z } from 'zod';
import { defineMethod, requireConnection } from '../methodTable.ts';

/**
 * `eth_unsubscribe`: true when the id was a live subscription of this socket, else false.
 * @throws RpcError -32601 over HTTP
 * @example createMethodTable([ethSubscribe, ethUnsubscribe])
 */
export const ethUnsubscribe = defineMethod({
  name: 'eth_unsubscribe',
  params: z.tuple([z.string({ error: 'expected a subscription id string' })]),
  paramNames: ['subscriptionId'],
  handler: ([subscriptionId], ctx) => requireConnection(ctx).unsubscribe(subscriptionId),
});
