import { DockerPort } from '../../adapters/docker/docker.port.js';
import type {
  ContainerDetails,
  LogsOptions,
  RawStats,
  StreamHandle,
  StreamHandlers,
} from '../../adapters/docker/docker.types.js';
import { TaskLogFilter } from './task-logs.js';

/** What the port needs of a task row at call time. */
export interface TaskTarget {
  serviceId: string;
  containerId: string | null;
  /** The node's own engine (stats), or null and why not. */
  nodePort: DockerPort | null;
  statsNote: string | null;
  redact: (text: string) => string;
}

/** Thrown for a task whose node simscope cannot read stats from. */
export class StatsUnavailableError extends Error {}

/**
 * A Swarm task seen as a container by everything that reads one (logs, events, failure evidence,
 * stats): ids are task ids. Logs come through the manager's service-logs read, cut to the task;
 * stats through the node's own engine when one is configured, else a StatsUnavailableError that
 * says so. Every other read goes to the manager. Read-only like the port it wraps.
 */
export class TaskPort extends DockerPort {
  constructor(
    private readonly manager: DockerPort,
    private readonly target: (taskId: string) => TaskTarget | null,
  ) {
    super();
  }

  get endpoint(): string {
    return this.manager.endpoint;
  }

  private find(id: string): TaskTarget {
    const t = this.target(id);
    if (!t) {
      throw Object.assign(new Error(`No Swarm task ${id}`), { statusCode: 404 });
    }
    return t;
  }

  private stats(id: string): { port: DockerPort; containerId: string } {
    const t = this.find(id);
    if (!t.nodePort || !t.containerId) {
      throw new StatsUnavailableError(t.statsNote ?? 'this task has no container yet');
    }
    return { port: t.nodePort, containerId: t.containerId };
  }

  ping = () => this.manager.ping();
  info = () => this.manager.info();
  version = () => this.manager.version();
  probe = () => this.manager.probe();
  listContainers = () => this.manager.listContainers();
  subscribeEvents: DockerPort['subscribeEvents'] = (h) => this.manager.subscribeEvents(h);
  imageDigests = (image: string) => this.manager.imageDigests(image);
  listNodes = () => this.manager.listNodes();
  listServices = () => this.manager.listServices();
  listTasks = () => this.manager.listTasks();
  serviceLogs: DockerPort['serviceLogs'] = (id, o) => this.manager.serviceLogs(id, o);
  followServiceLogs: DockerPort['followServiceLogs'] = (id, o, h) =>
    this.manager.followServiceLogs(id, o, h);

  /** A task has no container details here: its row is built from the manager's task. */
  inspectContainer(): Promise<ContainerDetails | null> {
    return Promise.resolve(null);
  }

  async containerStats(id: string): Promise<RawStats | null> {
    const { port, containerId } = this.stats(id);
    return port.containerStats(containerId);
  }

  async streamStats(id: string, handlers: StreamHandlers<RawStats>): Promise<StreamHandle> {
    const { port, containerId } = this.stats(id);
    return port.streamStats(containerId, handlers);
  }

  async containerLogs(id: string, options: LogsOptions): Promise<Buffer> {
    const raw = await this.manager.serviceLogs(this.find(id).serviceId, options);
    return new TaskLogFilter(id).push(raw);
  }

  async followLogs(
    id: string,
    options: LogsOptions,
    handlers: StreamHandlers<Buffer>,
  ): Promise<StreamHandle> {
    const filter = new TaskLogFilter(id);
    return this.manager.followServiceLogs(this.find(id).serviceId, options, {
      onData: (chunk) => {
        const mine = filter.push(chunk);
        if (mine.length > 0) {
          handlers.onData(mine);
        }
      },
      onClose: (err) => handlers.onClose(err),
    });
  }

  outputRedactor(id: string): Promise<(text: string) => string> {
    return Promise.resolve(this.target(id)?.redact ?? ((text: string) => text));
  }
}
