import { graphlib, layout, type EdgeLabel, type GraphLabel, type NodeLabel } from '@dagrejs/dagre';
import type { StackDetail, StackEdge, StackImpact, StackServiceState } from '@simscope/contracts';

export interface LaidNode {
  name: string;
  /** The name as drawn: cut to fit the box (the hover text has it whole). */
  label: string;
  /** Top-left corner and size, in SVG units. */
  x: number;
  y: number;
  width: number;
  height: number;
  state: StackServiceState;
  impact: StackImpact;
  /** "2/3" — running of replicas. */
  replicas: string;
  /** Every reason, one per line: the node's hover text. */
  title: string;
}

export interface LaidEdge extends StackEdge {
  /** The SVG path through dagre's points, from the dependant to its dependency. */
  path: string;
}

export interface StackLayout {
  width: number;
  height: number;
  nodes: LaidNode[];
  edges: LaidEdge[];
}

export const NODE_SIZE = { width: 176, height: 72 };
const MARGIN = 16;
/** Characters of a service name that fit a box at the page's font size. */
const LABEL_MAX = 20;

/**
 * Where each service and dependency goes, laid out by dagre: left to right, a service before what
 * it depends on (arrows read "depends on"). Dagre breaks cycles itself and keeps self-edges.
 */
export function layoutStack(stack: StackDetail): StackLayout {
  const g = new graphlib.Graph<GraphLabel, NodeLabel, EdgeLabel>({ multigraph: false });
  g.setGraph({ rankdir: 'LR', nodesep: 28, ranksep: 72, marginx: MARGIN, marginy: MARGIN });
  g.setDefaultEdgeLabel(() => ({}));
  for (const s of stack.services) {
    g.setNode(s.name, { width: NODE_SIZE.width, height: NODE_SIZE.height });
  }
  for (const e of stack.edges) {
    g.setEdge(e.from, e.to);
  }
  layout(g);

  const nodes = stack.services.map((s): LaidNode => {
    const n = g.node(s.name);
    return {
      name: s.name,
      label: s.name.length > LABEL_MAX ? `${s.name.slice(0, LABEL_MAX - 1)}…` : s.name,
      // dagre gives every node its centre after layout.
      x: (n.x ?? 0) - n.width / 2,
      y: (n.y ?? 0) - n.height / 2,
      width: n.width,
      height: n.height,
      state: s.state,
      impact: s.impact,
      replicas: `${s.running}/${s.replicas}`,
      title: [s.name, ...s.reasons].join('\n'),
    };
  });
  const edges = stack.edges.map((e): LaidEdge => {
    const points = g.edge(e.from, e.to)?.points ?? [];
    return { ...e, path: pathThrough(points) };
  });
  const graph = g.graph();
  return {
    width: Math.ceil(graph.width ?? 0),
    height: Math.ceil(graph.height ?? 0),
    nodes,
    edges,
  };
}

/** A smooth SVG path through dagre's points (straight when there are only two). */
export function pathThrough(points: { x: number; y: number }[]): string {
  const [first, ...rest] = points;
  if (!first) {
    return '';
  }
  const p = (q: { x: number; y: number }) => `${round(q.x)},${round(q.y)}`;
  if (rest.length < 2) {
    return `M${p(first)}${rest.map((q) => ` L${p(q)}`).join('')}`;
  }
  // Quadratic segments through the midpoints: the curve touches each middle point's neighbourhood.
  const segments = rest.slice(0, -1).map((c, i) => {
    const n = rest[i + 1] ?? c;
    const end = i === rest.length - 2 ? n : { x: (c.x + n.x) / 2, y: (c.y + n.y) / 2 };
    return ` Q${p(c)} ${p(end)}`;
  });
  return `M${p(first)}${segments.join('')}`;
}

const round = (v: number) => Math.round(v * 10) / 10;
