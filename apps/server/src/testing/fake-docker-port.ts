import { DockerPort } from '../adapters/docker/docker.port.js';
import type {
  ContainerDetails,
  ContainerListItem,
  DockerEvent,
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
} from '../adapters/docker/docker.types.js';

/**
 * An engine in memory for specs: containers the test sets, events it emits, a switch that makes
 * every call fail as an unreachable daemon does, and a count of the calls made.
 */
export class FakeDockerPort extends DockerPort {
  readonly endpoint = 'unix:///fake.sock';
  list: ContainerListItem[] = [];
  details = new Map<string, ContainerDetails>();
  down: Error | null = null;
  /** What info() says of the engine's own Swarm node. */
  swarmNodeId: string | undefined;
  readonly calls = { list: 0, inspect: 0, events: 0 };
  private handlers: EventHandlers | null = null;
  /** While set, inspects wait for it: what a slow engine looks like between an event and its inspect. */
  inspectGate: Promise<void> | null = null;

  /** Adds or replaces a container as both the list and inspect see it. */
  put(item: ContainerListItem, details: ContainerDetails): void {
    this.list = [...this.list.filter((c) => c.id !== item.id), item];
    this.details.set(item.id, details);
  }

  remove(id: string): void {
    this.list = this.list.filter((c) => c.id !== id);
    this.details.delete(id);
  }

  emit(event: Partial<DockerEvent> & Pick<DockerEvent, 'action' | 'id'>): void {
    this.handlers?.onEvent({ type: 'container', timeMs: Date.now(), attributes: {}, ...event });
  }

  /** The daemon goes away: the event stream ends and calls fail. */
  kill(error = Object.assign(new Error('connect ENOENT /fake.sock'), { code: 'ENOENT' })): void {
    this.down = error;
    const h = this.handlers;
    this.handlers = null;
    h?.onClose(error);
  }

  private check(): void {
    if (this.down) {
      throw this.down;
    }
  }

  ping(): Promise<void> {
    this.check();
    return Promise.resolve();
  }

  info(): Promise<EngineSummary> {
    this.check();
    return Promise.resolve({
      name: 'fake',
      id: 'FAKE',
      serverVersion: '20.10.0',
      os: 'Debian',
      kernelVersion: '6',
      architecture: 'x86_64',
      cpus: 2,
      memoryBytes: 2 ** 30,
      containers: this.list.length,
      containersRunning: this.list.filter((c) => c.state === 'running').length,
      ...(this.swarmNodeId ? { swarmNodeId: this.swarmNodeId } : {}),
    });
  }

  version(): Promise<EngineVersion> {
    this.check();
    return Promise.resolve({ version: '20.10.0', apiVersion: '1.41' });
  }

  probe(): Promise<void> {
    this.check();
    return Promise.resolve();
  }

  listContainers(): Promise<ContainerListItem[]> {
    this.calls.list++;
    this.check();
    return Promise.resolve([...this.list]);
  }

  async inspectContainer(id: string): Promise<ContainerDetails | null> {
    this.calls.inspect++;
    this.check();
    const found = this.details.get(id) ?? null; // as the engine was when asked
    await this.inspectGate;
    return found;
  }

  subscribeEvents(handlers: EventHandlers): Promise<EventSubscription> {
    this.calls.events++;
    this.check();
    this.handlers = handlers;
    return Promise.resolve({
      close: () => {
        if (this.handlers === handlers) {
          this.handlers = null;
        }
      },
    });
  }

  /** The ids stats were asked for, newest last. */
  readonly statsAsked: string[] = [];

  containerStats(id: string): Promise<RawStats | null> {
    this.statsAsked.push(id);
    return Promise.resolve(null);
  }

  streamStats(): Promise<StreamHandle> {
    return Promise.resolve({ close: () => undefined });
  }

  containerLogs(): Promise<Buffer> {
    return Promise.resolve(Buffer.alloc(0));
  }

  imageDigests(): Promise<string[]> {
    return Promise.resolve([]);
  }

  /** Values the redactor masks, as the real adapter masks the container's env values. */
  secrets: string[] = [];

  outputRedactor(): Promise<(text: string) => string> {
    const secrets = this.secrets;
    return Promise.resolve((text) =>
      secrets.reduce((t, v) => t.split(v).join('[env value]'), text),
    );
  }

  /** Every follow opened, newest last: what it asked for, and its handlers to play output into. */
  readonly follows: {
    id: string;
    options: LogsOptions;
    handlers: StreamHandlers<Buffer>;
    closed: boolean;
  }[] = [];

  followLogs(
    id: string,
    options: LogsOptions,
    handlers: StreamHandlers<Buffer>,
  ): Promise<StreamHandle> {
    const follow = { id, options, handlers, closed: false };
    this.follows.push(follow);
    return Promise.resolve({ close: () => (follow.closed = true) });
  }

  /** A Swarm manager's view: what listNodes, listServices and listTasks answer. */
  nodes: SwarmNode[] = [];
  services: SwarmService[] = [];
  tasks: SwarmTask[] = [];
  /** What serviceLogs answers, by service id (frames as the engine sends them). */
  readonly serviceOutput = new Map<string, Buffer>();
  /** Every service-logs read, newest last. */
  readonly serviceReads: { id: string; options: ServiceLogsOptions }[] = [];

  listNodes(): Promise<SwarmNode[]> {
    this.check();
    return Promise.resolve([...this.nodes]);
  }

  listServices(): Promise<SwarmService[]> {
    this.check();
    return Promise.resolve([...this.services]);
  }

  listTasks(): Promise<SwarmTask[]> {
    this.check();
    return Promise.resolve([...this.tasks]);
  }

  serviceLogs(id: string, options: ServiceLogsOptions): Promise<Buffer> {
    this.serviceReads.push({ id, options });
    return Promise.resolve(this.serviceOutput.get(id) ?? Buffer.alloc(0));
  }

  followServiceLogs(
    id: string,
    options: ServiceLogsOptions,
    handlers: StreamHandlers<Buffer>,
  ): Promise<StreamHandle> {
    return this.followLogs(`service:${id}`, options, handlers);
  }
}
