import { readFileSync } from 'node:fs';
import { Agent as HttpsAgent } from 'node:https';
import { join } from 'node:path';
import Docker from 'dockerode';
import { DockerPort } from './docker.port.js';
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
} from './docker.types.js';
import { maskableValues, redact } from './redact.js';
import { toSwarmNode, toSwarmService, toSwarmTask } from './swarm-mapping.js';

export interface DockerEndpointOptions {
  /** unix:///path, tcp://host:port; undefined means the local socket. */
  dockerHost?: string;
  certPath?: string;
  /** TLS for tcp://; default: on when certificates are given or verification is asked for. */
  tls?: boolean;
  /** Verify the engine's certificate against the CA (default true whenever TLS is on). */
  tlsVerify?: boolean;
  /** Per-request timeout for non-streaming calls. */
  timeoutMs?: number;
  /** The ssh agent socket, for ssh:// engines (SSH_AUTH_SOCK). */
  sshAgent?: string;
}

type InfoText =
  'Name' | 'ID' | 'ServerVersion' | 'OperatingSystem' | 'KernelVersion' | 'Architecture';

export const DEFAULT_SOCKET = '/var/run/docker.sock';

/** How many calls of each kind the adapter made; read by /metrics and the discovery benchmark. */
export type DockerCallCounts = Record<
  'ping' | 'info' | 'version' | 'list' | 'inspect' | 'events' | 'stats' | 'logs' | 'swarm',
  number
>;

/** Stats and log streams: how many were opened, and how many are open now (tests count leaks). */
export interface DockerStreamCounts {
  opened: number;
  open: number;
}

export class DockerodeAdapter extends DockerPort {
  readonly endpoint: string;
  readonly calls: DockerCallCounts = {
    ping: 0,
    info: 0,
    version: 0,
    list: 0,
    inspect: 0,
    events: 0,
    stats: 0,
    logs: 0,
    swarm: 0,
  };
  readonly streams: DockerStreamCounts = { opened: 0, open: 0 };
  private readonly docker: Docker;
  /** A second client without a timeout: the events stream is idle for long stretches. */
  private readonly streaming: Docker;

  constructor(options: DockerEndpointOptions = {}) {
    super();
    const { modem, endpoint } = modemOptions(options);
    this.endpoint = endpoint;
    const deadline = options.timeoutMs ?? DEFAULT_DEADLINE_MS;
    // The modem's own timeout frees the socket a little after the deadline has answered the caller.
    this.docker = new Docker({ ...modem, timeout: deadline + 1000 });
    withDeadline((this.docker as unknown as { modem: Dialer }).modem, deadline);
    this.streaming = new Docker(modem);
  }

  async ping(): Promise<void> {
    this.calls.ping++;
    await this.docker.ping();
  }

  async info(): Promise<EngineSummary> {
    this.calls.info++;
    const i = (await this.docker.info()) as Partial<Record<InfoText, string>> &
      Partial<Record<'NCPU' | 'MemTotal' | 'Containers' | 'ContainersRunning', number>> & {
        Swarm?: { NodeID?: string };
      };
    return {
      name: i.Name ?? '',
      id: i.ID ?? '',
      serverVersion: i.ServerVersion ?? '',
      os: i.OperatingSystem ?? '',
      kernelVersion: i.KernelVersion ?? '',
      architecture: i.Architecture ?? '',
      cpus: Number(i.NCPU ?? 0),
      memoryBytes: Number(i.MemTotal ?? 0),
      containers: Number(i.Containers ?? 0),
      containersRunning: Number(i.ContainersRunning ?? 0),
      ...(i.Swarm?.NodeID ? { swarmNodeId: i.Swarm.NodeID } : {}),
    };
  }

  async version(): Promise<EngineVersion> {
    this.calls.version++;
    const v = await this.docker.version();
    return { version: v.Version, apiVersion: v.ApiVersion };
  }

  /** The cheapest call that goes through the engine's container store (unlike _ping). */
  async probe(): Promise<void> {
    this.calls.list++;
    await this.docker.listContainers({ all: true, limit: 1 });
  }

  async listContainers(): Promise<ContainerListItem[]> {
    this.calls.list++;
    const list = await this.docker.listContainers({ all: true });
    return list.map((c) => ({
      id: c.Id,
      name: (c.Names[0] ?? '').replace(/^\//, ''),
      image: c.Image,
      state: c.State,
      status: c.Status,
      labels: c.Labels ?? {},
      createdAt: new Date(c.Created * 1000).toISOString(),
      networks: Object.keys(c.NetworkSettings?.Networks ?? {}),
      ports: (c.Ports ?? []).map((p) => ({
        privatePort: p.PrivatePort,
        publicPort: p.PublicPort,
        ip: p.IP,
        type: p.Type,
      })),
    }));
  }

  async inspectContainer(id: string): Promise<ContainerDetails | null> {
    this.calls.inspect++;
    let c: Docker.ContainerInspectInfo;
    try {
      c = await this.docker.getContainer(id).inspect();
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode === 404) {
        return null;
      }
      throw err;
    }
    const s = c.State;
    // The environment is read for one purpose and dropped: its values are masked wherever the
    // container's own output is kept (health probe output, the state's error).
    const secrets = maskableValues(c.Config?.Env);
    const health = s.Health as
      | {
          Status: string;
          FailingStreak: number;
          Log?: { ExitCode: number; Output: string; Start: string; End: string }[];
        }
      | undefined;
    return {
      id: c.Id,
      name: c.Name.replace(/^\//, ''),
      image: c.Config?.Image ?? c.Image,
      imageId: c.Image || null,
      // What it runs, its env values masked like its output (arguments may carry the same secrets).
      command: [c.Path, ...(c.Args ?? [])].filter(Boolean).map((a) => redact(a, secrets)),
      labels: c.Config?.Labels ?? {},
      createdAt: c.Created,
      state: {
        status: s.Status,
        running: s.Running,
        paused: s.Paused,
        restarting: s.Restarting,
        oomKilled: s.OOMKilled,
        dead: s.Dead,
        exitCode: s.ExitCode,
        error: redact(s.Error ?? '', secrets),
        startedAt: zeroDateToNull(s.StartedAt),
        finishedAt: zeroDateToNull(s.FinishedAt),
        health: health
          ? {
              status: health.Status,
              failingStreak: health.FailingStreak,
              log: (health.Log ?? []).map((l) => ({
                exitCode: l.ExitCode,
                output: redact(l.Output, secrets),
                start: l.Start,
                end: l.End,
              })),
            }
          : null,
      },
      restartCount: c.RestartCount,
      restartPolicy: {
        name: c.HostConfig?.RestartPolicy?.Name || 'no',
        maximumRetryCount: c.HostConfig?.RestartPolicy?.MaximumRetryCount ?? 0,
      },
      memoryLimitBytes: c.HostConfig?.Memory ? c.HostConfig.Memory : null,
      limits: {
        nanoCpus: c.HostConfig?.NanoCpus ?? 0,
        cpuQuota: c.HostConfig?.CpuQuota ?? 0,
        cpuPeriod: c.HostConfig?.CpuPeriod ?? 0,
        cpusetCpus: c.HostConfig?.CpusetCpus ?? '',
        memoryBytes: c.HostConfig?.Memory ?? 0,
        pidsLimit: c.HostConfig?.PidsLimit ?? null,
      },
      tty: Boolean(c.Config?.Tty),
      networks: Object.keys(c.NetworkSettings?.Networks ?? {}),
      ports: Object.entries(c.NetworkSettings?.Ports ?? {}).flatMap(([key, bindings]) => {
        const [port, type] = key.split('/');
        const privatePort = Number(port);
        if (!bindings || bindings.length === 0) {
          return [{ privatePort, type: type ?? 'tcp' }];
        }
        return bindings.map((b) => ({
          privatePort,
          publicPort: Number(b.HostPort),
          ip: b.HostIp,
          type: type ?? 'tcp',
        }));
      }),
    };
  }

  async subscribeEvents(handlers: EventHandlers): Promise<EventSubscription> {
    this.calls.events++;
    const stream = (await this.streaming.getEvents({
      // service and node events come from Swarm managers only; a plain engine never sends them.
      filters: { type: ['container', 'network', 'service', 'node'] },
    })) as NodeJS.ReadableStream & { destroy?: () => void };
    let buffer = '';
    let closed = false;
    const close = (err?: Error): void => {
      if (!closed) {
        closed = true;
        handlers.onClose(err);
      }
    };
    stream.on('data', (chunk: Buffer | string) => {
      buffer += chunk.toString();
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl).trim();
        buffer = buffer.slice(nl + 1);
        if (line) {
          const event = parseEvent(line);
          if (event) {
            handlers.onEvent(event);
          }
        }
      }
    });
    stream.on('error', (err: Error) => close(err));
    stream.on('end', () => close());
    stream.on('close', () => close());
    return {
      close: () => {
        closed = true;
        stream.destroy?.();
      },
    };
  }

  async containerStats(id: string): Promise<RawStats | null> {
    this.calls.stats++;
    try {
      // one-shot: the engine answers at once instead of sampling twice a second apart.
      const raw = (await this.docker
        .getContainer(id)
        .stats({ stream: false, 'one-shot': true } as { stream: false })) as unknown as EngineStats;
      return toRawStats(raw);
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode === 404) {
        return null;
      }
      throw err;
    }
  }

  async streamStats(id: string, handlers: StreamHandlers<RawStats>): Promise<StreamHandle> {
    this.calls.stats++;
    const stream = (await this.streaming
      .getContainer(id)
      .stats({ stream: true })) as unknown as NodeJS.ReadableStream & { destroy?: () => void };
    return track(this.streams, stream, handlers, (onLine) => {
      let buffer = '';
      return (chunk: Buffer | string) => {
        buffer += chunk.toString();
        let nl: number;
        while ((nl = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, nl).trim();
          buffer = buffer.slice(nl + 1);
          if (line) {
            try {
              onLine(toRawStats(JSON.parse(line) as EngineStats));
            } catch {
              // A torn line: the next sample follows within a second.
            }
          }
        }
      };
    });
  }

  async containerLogs(id: string, options: LogsOptions): Promise<Buffer> {
    this.calls.logs++;
    const out = (await this.docker.getContainer(id).logs({
      follow: false,
      stdout: options.stdout,
      stderr: options.stderr,
      timestamps: true,
      ...(options.tail !== undefined ? { tail: options.tail } : {}),
      since: options.since ?? 0,
    })) as unknown as Buffer | string;
    return Buffer.isBuffer(out) ? out : Buffer.from(out);
  }

  async imageDigests(image: string): Promise<string[]> {
    this.calls.inspect++;
    const info = await this.docker
      .getImage(image)
      .inspect()
      .catch(() => null);
    return info?.RepoDigests ?? [];
  }

  async outputRedactor(id: string): Promise<(text: string) => string> {
    this.calls.inspect++;
    const c = await this.docker
      .getContainer(id)
      .inspect()
      .catch(() => null);
    const secrets = maskableValues(c?.Config?.Env);
    return (text) => redact(text, secrets);
  }

  async followLogs(
    id: string,
    options: LogsOptions,
    handlers: StreamHandlers<Buffer>,
  ): Promise<StreamHandle> {
    this.calls.logs++;
    const stream = (await this.streaming.getContainer(id).logs({
      follow: true,
      stdout: options.stdout,
      stderr: options.stderr,
      timestamps: true,
      // Without a tail, `since` decides where the follow starts (tail 0 would skip everything before now).
      // (The engine takes `all`; dockerode's type says number.)
      tail: options.tail ?? ((options.since !== undefined ? 'all' : 0) as number),
      since: options.since ?? 0,
    })) as unknown as NodeJS.ReadableStream & { destroy?: () => void };
    return trackLogs(this.streams, stream, handlers);
  }

  async listNodes(): Promise<SwarmNode[]> {
    this.calls.swarm++;
    return ((await this.docker.listNodes()) as Parameters<typeof toSwarmNode>[0][]).map(toSwarmNode);
  }

  async listServices(): Promise<SwarmService[]> {
    this.calls.swarm++;
    const list = (await this.docker.listServices()) as unknown as Parameters<typeof toSwarmService>[0][];
    return list.map(toSwarmService);
  }

  async listTasks(): Promise<SwarmTask[]> {
    this.calls.swarm++;
    const list = (await this.docker.listTasks()) as unknown as Parameters<typeof toSwarmTask>[0][];
    return list.map(toSwarmTask);
  }

  async serviceLogs(id: string, options: ServiceLogsOptions): Promise<Buffer> {
    this.calls.logs++;
    const out = (await this.docker.getService(id).logs({
      follow: false,
      ...serviceLogsQuery(options, false),
    })) as unknown as Buffer | string;
    return Buffer.isBuffer(out) ? out : Buffer.from(out);
  }

  async followServiceLogs(
    id: string,
    options: ServiceLogsOptions,
    handlers: StreamHandlers<Buffer>,
  ): Promise<StreamHandle> {
    this.calls.logs++;
    const stream = (await this.streaming.getService(id).logs({
      follow: true,
      ...serviceLogsQuery(options, true),
    })) as unknown as NodeJS.ReadableStream & { destroy?: () => void };
    return trackLogs(this.streams, stream, handlers);
  }
}

/** Every call that is not a stream answers within this, or fails as `daemon-hung`. */
export const DEFAULT_DEADLINE_MS = 5000;

/** A Docker call that got no answer in time (the engine is up but hung): code EDEADLINE. */
export class DockerDeadlineError extends Error {
  readonly code = 'EDEADLINE';
  constructor(what: string, ms: number) {
    super(`Docker did not answer ${what} within ${ms} ms`);
    this.name = 'DockerDeadlineError';
  }
}

interface Dialer {
  dial(
    options: { method?: string; path?: string },
    callback: (err: unknown, data?: unknown) => void,
  ): void;
}

/**
 * Puts a deadline on every request of one modem: the caller hears back by then, whatever the engine
 * does. (The modem's timeout alone destroys the socket with a generic "socket hang up", which reads
 * like an engine that went away, not one that hangs.)
 */
function withDeadline(modem: Dialer, ms: number): void {
  const dial = modem.dial.bind(modem);
  modem.dial = (options, callback) => {
    let answered = false;
    const timer = setTimeout(() => {
      answered = true;
      callback(new DockerDeadlineError(`${options.method ?? 'GET'} ${options.path ?? ''}`, ms));
    }, ms);
    timer.unref();
    dial(options, (err, data) => {
      clearTimeout(timer);
      if (!answered) {
        answered = true;
        callback(err, data);
      }
    });
  };
}

/** Wires a Docker stream to handlers, counting it open until it ends or is closed. */
function track<T>(
  counts: DockerStreamCounts,
  stream: NodeJS.ReadableStream & { destroy?: () => void },
  handlers: StreamHandlers<T>,
  decoder: (emit: (data: T) => void) => (chunk: Buffer | string) => void,
): StreamHandle {
  counts.opened++;
  counts.open++;
  let done = false;
  const finish = (err?: Error): void => {
    if (!done) {
      done = true;
      counts.open--;
      handlers.onClose(err);
    }
  };
  stream.on(
    'data',
    decoder((data) => handlers.onData(data)),
  );
  stream.on('error', (err: Error) => finish(err));
  stream.on('end', () => finish());
  stream.on('close', () => finish());
  return {
    close: () => {
      stream.destroy?.();
      finish();
    },
  };
}

/** A log stream (a container's or a service's): chunks handed on as buffers. */
function trackLogs(
  counts: DockerStreamCounts,
  stream: NodeJS.ReadableStream & { destroy?: () => void },
  handlers: StreamHandlers<Buffer>,
): StreamHandle {
  return track(
    counts,
    stream,
    handlers,
    (onData) => (chunk: Buffer | string) =>
      onData(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk)),
  );
}

interface EngineStats {
  read: string;
  cpu_stats?: {
    cpu_usage?: { total_usage?: number };
    system_cpu_usage?: number;
    online_cpus?: number;
  };
  precpu_stats?: { cpu_usage?: { total_usage?: number }; system_cpu_usage?: number };
  memory_stats?: { usage?: number; stats?: Record<string, number> };
  networks?: Record<string, { rx_bytes?: number; tx_bytes?: number }>;
  blkio_stats?: { io_service_bytes_recursive?: { op: string; value: number }[] | null };
  pids_stats?: { current?: number };
}

function toRawStats(s: EngineStats): RawStats {
  const memStats = s.memory_stats?.stats ?? {};
  const io = s.blkio_stats?.io_service_bytes_recursive ?? [];
  const sumIo = (op: string) =>
    io.filter((e) => e.op.toLowerCase() === op).reduce((n, e) => n + e.value, 0);
  const nets = Object.values(s.networks ?? {});
  return {
    read: s.read,
    cpu: {
      total: s.cpu_stats?.cpu_usage?.total_usage ?? 0,
      system: s.cpu_stats?.system_cpu_usage ?? null,
      onlineCpus: s.cpu_stats?.online_cpus ?? 1,
    },
    precpu: {
      total: s.precpu_stats?.cpu_usage?.total_usage ?? 0,
      system: s.precpu_stats?.system_cpu_usage ?? null,
    },
    memory: {
      usage: s.memory_stats?.usage ?? 0,
      // cgroup v1 reports total_inactive_file, v2 inactive_file; docker stats subtracts it.
      inactiveFile: memStats.total_inactive_file ?? memStats.inactive_file ?? null,
    },
    networks: {
      rx: nets.reduce((n, x) => n + (x.rx_bytes ?? 0), 0),
      tx: nets.reduce((n, x) => n + (x.tx_bytes ?? 0), 0),
    },
    blkio: { read: sumIo('read'), write: sumIo('write') },
    pids: s.pids_stats?.current ?? null,
  };
}

function parseEvent(line: string): DockerEvent | null {
  try {
    const e = JSON.parse(line) as {
      Type?: string;
      Action?: string;
      Actor?: { ID?: string; Attributes?: Record<string, string> };
      time?: number;
      timeNano?: number;
    };
    return {
      type: e.Type ?? 'container',
      action: e.Action ?? '',
      id: e.Actor?.ID ?? '',
      timeMs: e.timeNano ? Math.floor(e.timeNano / 1e6) : (e.time ?? 0) * 1000,
      attributes: e.Actor?.Attributes ?? {},
    };
  } catch {
    return null;
  }
}

function zeroDateToNull(value: string | undefined): string | null {
  return !value || value.startsWith('0001-01-01') ? null : value;
}

/** docker-modem also takes an http(s) agent, which @types/dockerode leaves out. */
type ModemOptions = Docker.DockerOptions & { agent?: HttpsAgent };

export function modemOptions(options: DockerEndpointOptions): {
  modem: ModemOptions;
  endpoint: string;
} {
  const host = options.dockerHost;
  if (!host || host.startsWith('unix://')) {
    const socketPath = host ? host.slice('unix://'.length) : DEFAULT_SOCKET;
    return { modem: { socketPath }, endpoint: `unix://${socketPath}` };
  }
  const url = new URL(host);
  if (url.protocol === 'ssh:') {
    const port = url.port ? Number(url.port) : 22;
    const user = url.username ? `${decodeURIComponent(url.username)}@` : '';
    return {
      modem: {
        protocol: 'ssh',
        host: url.hostname,
        port,
        username: url.username ? decodeURIComponent(url.username) : undefined,
        sshOptions: options.sshAgent ? { agent: options.sshAgent } : {},
      },
      endpoint: `ssh://${user}${url.hostname}:${port}`,
    };
  }
  const tls = options.tls ?? (Boolean(options.certPath) || options.tlsVerify === true);
  const modem: ModemOptions = {
    host: url.hostname,
    port: url.port ? Number(url.port) : tls ? 2376 : 2375,
    protocol: tls ? 'https' : 'http',
  };
  if (options.certPath) {
    modem.ca = readFileSync(join(options.certPath, 'ca.pem'));
    modem.cert = readFileSync(join(options.certPath, 'cert.pem'));
    modem.key = readFileSync(join(options.certPath, 'key.pem'));
  }
  if (tls && options.tlsVerify === false) {
    // docker-modem has no verify switch; an agent's options win over the request's, so this one
    // presents the client certificate but accepts whatever certificate the engine shows.
    modem.agent = new HttpsAgent({
      rejectUnauthorized: false,
      ...(modem.ca ? { ca: modem.ca, cert: modem.cert, key: modem.key } : {}),
    });
  }
  return { modem, endpoint: `${tls ? 'https' : 'tcp'}://${url.hostname}:${modem.port}` };
}

/** A service-logs query: every line timestamped and naming its task (`details`). */
function serviceLogsQuery(options: ServiceLogsOptions, follow: boolean) {
  return {
    stdout: options.stdout,
    stderr: options.stderr,
    timestamps: true,
    details: true,
    // A follow without tail or since starts now; a one-off read without tail reads everything.
    // (The engine takes `all`; dockerode's type says number.)
    tail: options.tail ?? ((!follow || options.since !== undefined ? 'all' : 0) as number),
    since: options.since ?? 0,
  };
}
