import type {
  ContainerDetails,
  ContainerListItem,
  EngineSummary,
  EngineVersion,
  EventHandlers,
  EventSubscription,
  LogsOptions,
  RawStats,
  ServiceLogsOptions,
  StreamHandle,
  StreamHandlers,
  SwarmNode,
  SwarmService,
  SwarmTask,
} from './docker.types.js';

/**
 * The only Docker calls simscope makes, all of them reads. An abstract class so Nest can inject it by
 * type; the dockerode adapter implements it. Adding a write here is a design change, not a refactor.
 */
export abstract class DockerPort {
  /** The endpoint in use, without credentials, e.g. unix:///var/run/docker.sock. */
  abstract readonly endpoint: string;
  abstract ping(): Promise<void>;
  abstract info(): Promise<EngineSummary>;
  abstract version(): Promise<EngineVersion>;
  abstract listContainers(): Promise<ContainerListItem[]>;
  /** A cheap call that needs the engine's container store: answers unless the engine hangs. */
  abstract probe(): Promise<void>;
  /** Resolves null when the container no longer exists. */
  abstract inspectContainer(id: string): Promise<ContainerDetails | null>;
  /** Container and network events from now on (network connect/disconnect name the container). */
  abstract subscribeEvents(handlers: EventHandlers): Promise<EventSubscription>;
  /** One stats sample now (no 1 s wait: CPU % needs the caller's previous sample); null if gone. */
  abstract containerStats(id: string): Promise<RawStats | null>;
  /** A sample about every second until closed. */
  abstract streamStats(id: string, handlers: StreamHandlers<RawStats>): Promise<StreamHandle>;
  /** Logs as the engine sends them: multiplexed frames, or raw text for a TTY container. */
  abstract containerLogs(id: string, options: LogsOptions): Promise<Buffer>;
  /** An image's repo digests (`name@sha256:…`); empty when it has none or is gone. */
  abstract imageDigests(image: string): Promise<string[]>;
  /**
   * A function that masks the container's own environment values in text taken from its output
   * (kept in failure notes, read as events). The values themselves never leave the adapter.
   */
  abstract outputRedactor(id: string): Promise<(text: string) => string>;
  /** Follows logs (same encoding) from `since` on until closed or the container stops. */
  abstract followLogs(
    id: string,
    options: LogsOptions,
    handlers: StreamHandlers<Buffer>,
  ): Promise<StreamHandle>;
  /** Swarm managers only: the nodes, services and tasks of the swarm. */
  abstract listNodes(): Promise<SwarmNode[]>;
  abstract listServices(): Promise<SwarmService[]>;
  abstract listTasks(): Promise<SwarmTask[]>;
  /**
   * A service's logs through the manager (every task, every node), multiplexed like a container's,
   * each line `<time> <details> <text>` where details name the task (`com.docker.swarm.task.id=…`).
   */
  abstract serviceLogs(id: string, options: ServiceLogsOptions): Promise<Buffer>;
  abstract followServiceLogs(
    id: string,
    options: ServiceLogsOptions,
    handlers: StreamHandlers<Buffer>,
  ): Promise<StreamHandle>;
}
