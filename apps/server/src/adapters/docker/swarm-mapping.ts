import type { SwarmNode, SwarmService, SwarmTask } from './docker.types.js';
import { maskableValues, redact } from './redact.js';

/*
 * The manager's node, service and task objects cut down to what simscope reads. Nothing of a spec's
 * environment, secrets, configs or mounts is kept; a task's environment values survive only inside
 * its `redact` closure, to mask them in the task's own output.
 */

interface RawNode {
  ID: string;
  Spec?: { Role?: string; Availability?: string };
  Description?: { Hostname?: string; Engine?: { EngineVersion?: string } };
  Status?: { State?: string; Message?: string; Addr?: string };
  ManagerStatus?: { Leader?: boolean };
}

interface RawContainerSpec {
  Image?: string;
  Labels?: Record<string, string>;
  Env?: string[];
  TTY?: boolean;
}

interface RawService {
  ID: string;
  CreatedAt?: string;
  Spec?: {
    Name?: string;
    Labels?: Record<string, string>;
    TaskTemplate?: {
      ContainerSpec?: RawContainerSpec;
      Resources?: { Limits?: { MemoryBytes?: number } };
      RestartPolicy?: { Condition?: string; MaxAttempts?: number };
    };
    Mode?: { Replicated?: { Replicas?: number }; Global?: object };
  };
  UpdateStatus?: { State?: string; Message?: string };
}

interface RawTask {
  ID: string;
  ServiceID?: string;
  Slot?: number;
  NodeID?: string;
  CreatedAt?: string;
  DesiredState?: string;
  Spec?: { ContainerSpec?: RawContainerSpec };
  Status?: {
    Timestamp?: string;
    State?: string;
    Message?: string;
    Err?: string;
    ContainerStatus?: { ContainerID?: string; ExitCode?: number };
  };
}

export function toSwarmNode(n: RawNode): SwarmNode {
  return {
    id: n.ID,
    hostname: n.Description?.Hostname ?? '',
    role: n.Spec?.Role === 'manager' ? 'manager' : 'worker',
    availability: n.Spec?.Availability ?? 'active',
    state: n.Status?.State ?? 'unknown',
    message: n.Status?.Message || null,
    address: n.Status?.Addr || null,
    engineVersion: n.Description?.Engine?.EngineVersion ?? '',
    leader: Boolean(n.ManagerStatus?.Leader),
  };
}

export function toSwarmService(s: RawService): SwarmService {
  const container = s.Spec?.TaskTemplate?.ContainerSpec ?? {};
  const global = Boolean(s.Spec?.Mode?.Global);
  const update = s.UpdateStatus;
  return {
    id: s.ID,
    name: s.Spec?.Name ?? s.ID,
    labels: s.Spec?.Labels ?? {},
    containerLabels: container.Labels ?? {},
    // The manager pins the image by digest (name:tag@sha256:…): the name is what people read.
    image: (container.Image ?? '').replace(/@sha256:[0-9a-f]+$/, ''),
    mode: global ? 'global' : 'replicated',
    replicas: global ? null : (s.Spec?.Mode?.Replicated?.Replicas ?? 1),
    tty: Boolean(container.TTY),
    memoryLimitBytes: s.Spec?.TaskTemplate?.Resources?.Limits?.MemoryBytes || null,
    // Swarm restarts tasks (any, on-failure, none; `any` when unset), not their containers.
    restartPolicy: {
      name: s.Spec?.TaskTemplate?.RestartPolicy?.Condition || 'any',
      maximumRetryCount: s.Spec?.TaskTemplate?.RestartPolicy?.MaxAttempts ?? 0,
    },
    updateStatus: update?.State ? { state: update.State, message: update.Message || null } : null,
    createdAt: s.CreatedAt ?? '',
  };
}

export function toSwarmTask(t: RawTask): SwarmTask {
  const secrets = maskableValues(t.Spec?.ContainerSpec?.Env);
  const exit = t.Status?.ContainerStatus?.ExitCode;
  const state = t.Status?.State ?? 'new';
  return {
    id: t.ID,
    serviceId: t.ServiceID ?? '',
    slot: t.Slot || null,
    nodeId: t.NodeID || null,
    state,
    desiredState: t.DesiredState ?? 'running',
    message: t.Status?.Message ?? '',
    err: t.Status?.Err ? redact(t.Status.Err, secrets) : null,
    // The engine reports 0 for a task that has not exited yet: only terminal states have an exit code.
    exitCode:
      exit !== undefined && ['complete', 'failed', 'shutdown'].includes(state) ? exit : null,
    containerId: t.Status?.ContainerStatus?.ContainerID || null,
    createdAt: t.CreatedAt ?? '',
    statusAt: t.Status?.Timestamp ?? t.CreatedAt ?? '',
    redact: (text) => redact(text, secrets),
  };
}
