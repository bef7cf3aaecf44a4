import type { DockerSimulationsPayload } from './payloads/docker-simulations.js';
import type { DockerStatusPayload } from './payloads/docker-status.js';

/** Events the server emits to Socket.IO clients. */
export interface ServerToClientEvents {
  docker_simulations: (payload: DockerSimulationsPayload) => void;
  docker_status: (payload: DockerStatusPayload) => void;
}

/** Events clients send to the server. */
export interface ClientToServerEvents {
  'docker_simulations:resync': () => void;
}

export const SOCKET_PATH = '/socket.io';
