/**
 * Gateway's MessageRoot as a picture (read from its events over `eth_getLogs`, nothing else): the
 * shared tree's leaves, one per settling chain, each over its chain tree of batch roots
 * (`AppendedChainBatchRoot`); and the interop root Gateway published per block (`NewInteropRoot`),
 * which the chains import and prove messages against.
 */
import { decodeAbiParameters, toEventSelector, type Hex } from 'viem';
import { MESSAGE_ROOT_ADDRESS } from '../../src/protocol/constants.ts';
import { rpc } from '../rpc.ts';
import { useLive } from '../live.ts';
import { Hash, Link, LoadState, Table } from '../ui.tsx';
import { hexNumber } from '../format.ts';
import type { Node } from '../network.ts';

const APPENDED = toEventSelector('AppendedChainBatchRoot(uint256,uint256,bytes32)');
const NEW_ROOT = toEventSelector('NewInteropRoot(uint256,uint256,uint256,bytes32[])');
/** How far back the picture reads (eth_getLogs is bounded anyway; docs/security.md). */
const WINDOW_BLOCKS = 5_000;
/** Batch leaves drawn per chain (the rest are counted). */
const LEAVES_DRAWN = 24;

type Log = { topics: Hex[]; data: Hex; blockNumber: Hex };

export function GatewayTrees(props: { node: Node }) {
  const trees = useLive(
    async () => {
      const head = hexNumber(await rpc<string>(props.node.url, 'eth_blockNumber'));
      const from = `0x${Math.max(0, head - WINDOW_BLOCKS).toString(16)}`;
      const [appended, roots] = await Promise.all([
        rpc<Log[]>(props.node.url, 'eth_getLogs', [{ address: MESSAGE_ROOT_ADDRESS, fromBlock: from, toBlock: 'latest', topics: [APPENDED] }]),
        rpc<Log[]>(props.node.url, 'eth_getLogs', [{ address: MESSAGE_ROOT_ADDRESS, fromBlock: from, toBlock: 'latest', topics: [NEW_ROOT] }]),
      ]);
      const chains = new Map<number, { batch: number; root: Hex; block: number }[]>();
      for (const log of appended) {
        const chainId = hexNumber(log.topics[1]);
        const list = chains.get(chainId) ?? [];
        list.push({ batch: hexNumber(log.topics[2]), root: `0x${log.data.slice(2, 66)}` as Hex, block: hexNumber(log.blockNumber) });
        chains.set(chainId, list);
      }
      const published = roots
        .map((log) => ({ block: hexNumber(log.topics[2]), root: (decodeAbiParameters([{ type: 'bytes32[]' }], log.data)[0] as readonly Hex[])[0] ?? ('0x' as Hex) }))
        .reverse()
        .slice(0, 20);
      return { chains: [...chains.entries()].sort((a, b) => a[0] - b[0]), published };
    },
    `trees:${props.node.chainId}`,
    [props.node.chainId],
  );
  return (
    <>
      <section aria-labelledby="trees-heading">
        <h2 id="trees-heading">MessageRoot trees</h2>
        <LoadState loading={trees.loading} error={trees.error} what="Gateway's MessageRoot" />
        {trees.data ? (
          <figure class="trees">
            <div class="tree-root" aria-hidden="true">
              shared tree
            </div>
            <ul class="tree-chains" aria-label="Chain trees in Gateway's shared tree">
              {trees.data.chains.map(([chainId, leaves]) => (
                <li>
                  <div class="tree-chain">
                    <Link to={{ page: 'chain', chainId }}>chain {chainId}</Link>
                    <span class="muted"> {leaves.length} batch roots</span>
                  </div>
                  <ol class="tree-leaves" aria-label={`Batch roots of chain ${chainId}`}>
                    {leaves.slice(-LEAVES_DRAWN).map((leaf) => (
                      <li title={`batch ${leaf.batch}: ${leaf.root} (Gateway block ${leaf.block})`}>
                        <Link to={{ page: 'batch', chainId, number: leaf.batch }} label={`batch ${leaf.batch} of chain ${chainId}`}>
                          {leaf.batch}
                        </Link>
                      </li>
                    ))}
                  </ol>
                </li>
              ))}
            </ul>
            <figcaption>Each chain's leaf in the shared tree is the root of its own tree of batch roots, appended when Gateway executes a batch (newest {LEAVES_DRAWN} drawn).</figcaption>
          </figure>
        ) : null}
      </section>
      <section aria-labelledby="roots-heading">
        <h2 id="roots-heading">Interop roots per block</h2>
        {trees.data ? (
          <Table caption="The interop roots Gateway published, newest first" hideCaption head={['Gateway block', 'Interop root']} rows={trees.data.published.length} empty="No root published yet.">
            {trees.data.published.map((r) => (
              <tr>
                <td class="num">
                  <Link to={{ page: 'block', chainId: props.node.chainId, number: r.block }}>{r.block}</Link>
                </td>
                <td>
                  <Hash value={r.root} keep={10} />
                </td>
              </tr>
            ))}
          </Table>
        ) : null}
      </section>
    </>
  );
}
