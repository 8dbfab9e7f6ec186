/**
 * The network-wide methods of a node running in its own process (issue 16, docs/design/processes.md §1 #16):
 * what spans the network (its config, bundles, stage delays, adding a chain, snapshots and reverts, dumps,
 * faults, restarting a node's process) is the coordinator's to answer, so a node given `--coordinator <url>` passes each such call,
 * method and params as they came, to `<url>/network` over HTTP and answers with the coordinator's result
 * or error (code, message, data) unchanged. A Hardhat fixture on a chain's own port then still snapshots
 * the whole network. Without a coordinator the node serves none of them: they answer method-not-found.
 */
import { RpcError, RpcErrorCode } from '../rpc/errors.ts';
import type { RpcMethod } from '../rpc/methodTable.ts';

/** The methods the coordinator answers for the whole network (networkNamespace.ts, hardhatNetworkNamespace.ts, faultNamespace.ts). */
export const FORWARDED_METHODS = [
  'zkinterop_networkConfig',
  'zkinterop_getBundle',
  'zkinterop_listBundles',
  'zkinterop_setStageDelays',
  'zkinterop_addChain',
  'zkinterop_snapshot',
  'zkinterop_revert',
  'zkinterop_dump',
  'evm_snapshot',
  'evm_revert',
  'zkinterop_listFaults',
  'zkinterop_pauseGateway',
  'zkinterop_resumeGateway',
  'zkinterop_pauseL1',
  'zkinterop_resumeL1',
  'zkinterop_rejectNextL1Batch',
  'zkinterop_delayInteropRoots',
  'zkinterop_dropInteropRoot',
  'zkinterop_offerForgedRoot',
  'zkinterop_forceForgedRoot',
  'zkinterop_killSettlement',
  'zkinterop_restartSettlement',
  // dev: the coordinator starts a node's process again (up --processes). Asked of the node being restarted,
  // the answer is lost with its connections (the restart happens): ask /network or another node.
  'zkinterop_restartNode',
] as const;

/**
 * One pass-through entry per network-wide method, each forwarding to `<coordinatorUrl>/network`.
 * @param coordinatorUrl the coordinator's base URL (`zkinterop node --coordinator`); undefined = none served
 * @example createMethodTable([...ownMethods, ...forwardedNamespace('http://127.0.0.1:3000')])
 */
export function forwardedNamespace(coordinatorUrl: string | undefined): RpcMethod[] {
  if (coordinatorUrl === undefined) return [];
  const url = `${coordinatorUrl.replace(/\/+$/, '')}/network`;
  let nextId = 1;
  return FORWARDED_METHODS.map((name) => ({
    name,
    paramNames: [],
    async invoke(rawParams: unknown): Promise<unknown> {
      const params = rawParams === undefined || rawParams === null ? [] : rawParams;
      let body: { result?: unknown; error?: { code: number; message: string; data?: unknown } };
      try {
        const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: nextId++, method: name, params }) });
        body = (await res.json()) as typeof body;
      } catch (cause) {
        throw new RpcError(RpcErrorCode.InvalidInput, `${name} is answered by the network's coordinator at ${coordinatorUrl}, which cannot be reached: is it running (\`zkinterop up --processes\` or \`zkinterop coordinator\`)?`, { cause });
      }
      // The coordinator's answer, error included, goes back as it came.
      if (body.error) throw new RpcError(body.error.code, body.error.message, { data: body.error.data });
      return body.result ?? null;
    },
  }));
}
