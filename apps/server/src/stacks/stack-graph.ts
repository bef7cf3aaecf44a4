import type { SimulationContainer, StackEdge } from '@simscope/contracts';

/** A stack's containers grouped by service, and the dependencies they declare. Pure. */
export interface StackGraph {
  name: string;
  source: 'compose' | 'cluster';
  /** Service name → its containers, in name order. */
  services: Map<string, SimulationContainer[]>;
  edges: Omit<StackEdge, 'active'>[];
}

/** The stack a row belongs to: its compose project, else its `<prefix>.cluster` label; else none. */
export function stackOf(
  row: SimulationContainer,
  prefix: string,
): { name: string; source: 'compose' | 'cluster' } | null {
  if (row.composeProject) {
    return { name: row.composeProject, source: 'compose' };
  }
  const cluster = row.labels[`${prefix}.cluster`]?.trim();
  return cluster ? { name: cluster, source: 'cluster' } : null;
}

/** Its compose service, else its role, else its name. */
export function serviceOf(row: SimulationContainer): string {
  return row.composeService ?? row.role ?? row.name;
}

const list = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * The dependencies one container declares: compose v2's `com.docker.compose.depends_on`
 * (`svc:condition:restart,…`), and `<prefix>.depends-on` / `<prefix>.soft-depends-on` (`svc1,svc2`)
 * for compose v1 and plain `docker run`.
 */
export function declaredDependencies(
  row: SimulationContainer,
  prefix: string,
): { to: string; kind: 'hard' | 'soft'; condition: string | null }[] {
  const compose = list(row.labels['com.docker.compose.depends_on']).map((entry) => {
    const [to = '', condition] = entry.split(':');
    return { to: to.trim(), kind: 'hard' as const, condition: condition?.trim() || null };
  });
  const hard = list(row.labels[`${prefix}.depends-on`]).map((to) => ({
    to,
    kind: 'hard' as const,
    condition: null,
  }));
  const soft = list(row.labels[`${prefix}.soft-depends-on`]).map((to) => ({
    to,
    kind: 'soft' as const,
    condition: null,
  }));
  return [...compose, ...hard, ...soft].filter((d) => d.to);
}

/** Groups rows into stacks, services and edges (hard wins over soft; compose's condition kept). */
export function buildGraphs(rows: Iterable<SimulationContainer>, prefix: string): StackGraph[] {
  const stacks = new Map<string, StackGraph>();
  for (const row of rows) {
    const key = stackOf(row, prefix);
    if (!key) {
      continue;
    }
    let graph = stacks.get(key.name);
    if (!graph) {
      graph = { ...key, services: new Map(), edges: [] };
      stacks.set(key.name, graph);
    }
    const service = serviceOf(row);
    graph.services.set(service, [...(graph.services.get(service) ?? []), row]);
  }
  for (const graph of stacks.values()) {
    const edges = new Map<string, Omit<StackEdge, 'active'>>();
    for (const [from, rowsOf] of graph.services) {
      rowsOf.sort((a, b) => a.name.localeCompare(b.name));
      for (const row of rowsOf) {
        for (const d of declaredDependencies(row, prefix)) {
          const id = `${from}\u0000${d.to}`;
          const seen = edges.get(id);
          if (!seen || (seen.kind === 'soft' && d.kind === 'hard')) {
            edges.set(id, { from, ...d, condition: d.condition ?? seen?.condition ?? null });
          } else if (!seen.condition && d.condition) {
            seen.condition = d.condition;
          }
        }
      }
    }
    graph.edges = [...edges.values()].sort(
      (a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to),
    );
  }
  return [...stacks.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Each dependency cycle once (Tarjan's strongly connected components; a self-dependency is a cycle
 * of one), as the names along the cycle starting from the first in name order.
 */
export function findCycles(nodes: string[], edges: { from: string; to: string }[]): string[][] {
  const out = new Map<string, string[]>();
  for (const e of edges) {
    out.set(e.from, [...(out.get(e.from) ?? []), e.to]);
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  let next = 0;
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of out.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v) ?? 0, index.get(w) ?? 0));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string | undefined;
      do {
        w = stack.pop();
        if (w !== undefined) {
          onStack.delete(w);
          component.push(w);
        }
      } while (w !== undefined && w !== v);
      components.push(component);
    }
  };
  for (const n of [...nodes].sort()) {
    if (!index.has(n)) {
      visit(n);
    }
  }
  return components
    .filter((c) => c.length > 1 || (out.get(c[0] ?? '') ?? []).includes(c[0] ?? ''))
    .map((c) => cycleThrough(new Set(c), out))
    .sort((a, b) => (a[0] ?? '').localeCompare(b[0] ?? ''));
}

/** A path from the component's first name back to itself, inside the component. */
function cycleThrough(members: Set<string>, out: Map<string, string[]>): string[] {
  const start = [...members].sort()[0] ?? '';
  const parent = new Map<string, string>();
  const queue = [start];
  const seen = new Set([start]);
  while (queue.length) {
    const v = queue.shift() ?? '';
    for (const w of [...(out.get(v) ?? [])].sort()) {
      if (w === start) {
        const path = [v];
        while (path[0] !== start) {
          path.unshift(parent.get(path[0] ?? '') ?? start);
        }
        return path;
      }
      if (members.has(w) && !seen.has(w)) {
        seen.add(w);
        parent.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start];
}
