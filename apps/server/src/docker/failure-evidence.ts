import { Injectable, Logger } from '@nestjs/common';
import type { FailureEvidence, SimulationContainer } from '@simscope/contracts';

/** A part of the evidence one feature can give (its logs, its samples, its events). */
export interface EvidenceCollector {
  /** Named in `missing` when it fails or takes too long. */
  name: string;
  collect(row: SimulationContainer): Promise<Omit<FailureEvidence, 'missing'>>;
}

/** Each collector gets this long; a failure note does not wait for a hung engine. */
export const EVIDENCE_TIMEOUT_MS = 3000;

/**
 * What a failure left behind, gathered from the features that know it, like RowAnnotations: a
 * feature registers a collector; the failure feed asks for everything at once.
 */
export abstract class FailureEvidenceSources {
  abstract register(collector: EvidenceCollector): void;
  abstract collect(row: SimulationContainer): Promise<FailureEvidence>;
}

@Injectable()
export class EvidenceRegistry extends FailureEvidenceSources {
  private readonly logger = new Logger(EvidenceRegistry.name);
  private readonly collectors: EvidenceCollector[] = [];

  register(collector: EvidenceCollector): void {
    this.collectors.push(collector);
  }

  async collect(row: SimulationContainer): Promise<FailureEvidence> {
    const missing: string[] = [];
    const parts = await Promise.all(
      this.collectors.map(async (c) => {
        let timer: NodeJS.Timeout | undefined;
        try {
          return await Promise.race([
            c.collect(row),
            new Promise<never>((_, reject) => {
              timer = setTimeout(
                () => reject(new Error(`no answer within ${EVIDENCE_TIMEOUT_MS / 1000} s`)),
                EVIDENCE_TIMEOUT_MS,
              );
            }),
          ]);
        } catch (err) {
          missing.push(`${c.name}: ${(err as Error).message}`);
          this.logger.debug(
            `no ${c.name} for the failure of ${row.name}: ${(err as Error).message}`,
          );
          return {};
        } finally {
          clearTimeout(timer);
        }
      }),
    );
    return Object.assign({}, ...parts, missing.length ? { missing } : {}) as FailureEvidence;
  }
}
