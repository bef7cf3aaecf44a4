import WebSocket from 'ws';

/** Socket.IO protocol v5: the EVENT packet type. */
const EVENT_PACKET = 2;

/** The part of Socket.IO's server that encodes packets (its `encoder`, public). */
export interface PacketEncoder {
  encode(packet: { type: number; nsp: string; data: unknown[] }): unknown[];
}

/** One server-to-client event encoded once, to be written to many sockets without encoding again. */
export interface EncodedEvent {
  readonly event: string;
  readonly data: unknown;
  /** The Socket.IO packet(s), as Socket.IO's own broadcast hands them to each client. */
  readonly packets: unknown[];
  /** The WebSocket frame, built once and shared by every websocket client (as broadcasts do). */
  readonly frame: unknown;
  /** Characters of the encoded packet, for the bytes-sent counter. */
  readonly bytes: number;
}

type FrameFn = (data: Buffer, options: object) => unknown;
const frameOf = (WebSocket as unknown as { Sender?: { frame?: FrameFn } }).Sender?.frame;

/**
 * Encodes an event the way Socket.IO's in-memory adapter does for a broadcast: once, with the
 * WebSocket frame precomputed. A snapshot sent to each of a thousand viewers as they connect is
 * then one ~1 MB string and buffer while the inventory stands still, not one (plus the JSON for the
 * byte count and ws's copy) per viewer: those copies were most of a viewer's cost in RSS.
 */
export function encodeEvent(encoder: PacketEncoder, event: string, data: unknown): EncodedEvent {
  const packets = encoder.encode({ type: EVENT_PACKET, nsp: '/', data: [event, data] });
  const [only] = packets;
  const single = packets.length === 1 && typeof only === 'string';
  const frame =
    single && frameOf
      ? frameOf(Buffer.from(`4${only}`), {
          readOnly: false,
          mask: false,
          rsv1: false,
          opcode: 1,
          fin: true,
        })
      : undefined;
  return { event, data, packets, frame, bytes: single ? only.length : 0 };
}

/** The part of a Socket.IO socket this writes to: its client's pre-encoded write, or emit. */
interface Writable {
  client?: unknown;
  emit(event: string, data: unknown): unknown;
}
type PacketWriter = (packets: unknown[], opts: object) => void;

/**
 * Writes a pre-encoded event to one socket through its client's `_packet` (the path Socket.IO's
 * adapter uses for broadcasts); where that is missing (another Socket.IO version), it emits.
 */
export function sendEncoded(socket: Writable, encoded: EncodedEvent): void {
  const client = socket.client as { _packet?: PacketWriter } | undefined;
  if (typeof client?._packet === 'function') {
    client._packet(encoded.packets, { preEncoded: true, wsPreEncodedFrame: encoded.frame });
    return;
  }
  socket.emit(encoded.event, encoded.data);
}
