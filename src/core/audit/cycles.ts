// Loops in a "points to one parent" graph (rep → manager, territory → parent territory).

/**
 * The cycles of a functional graph over nodes 0..n−1, where `parent[i]` is the node i points to
 * or −1 for none. Each cycle lists its nodes once, in pointer order, starting from its smallest
 * index; nodes that merely lead into a cycle are not part of it. Linear time.
 */
export function findCycles(parent: Int32Array): number[][] {
  const n = parent.length;
  // 0 unvisited, 1 on the current walk, 2 finished
  const state = new Uint8Array(n);
  const cycles: number[][] = [];
  const path: number[] = [];
  for (let start = 0; start < n; start++) {
    if (state[start] !== 0) continue;
    path.length = 0;
    let node = start;
    while (node >= 0 && state[node] === 0) {
      state[node] = 1;
      path.push(node);
      node = parent[node] ?? -1;
    }
    if (node >= 0 && state[node] === 1) {
      const cycle = path.slice(path.indexOf(node));
      const first = cycle.indexOf(Math.min(...cycle));
      cycles.push([...cycle.slice(first), ...cycle.slice(0, first)]);
    }
    for (const visited of path) state[visited] = 2;
  }
  return cycles;
}
