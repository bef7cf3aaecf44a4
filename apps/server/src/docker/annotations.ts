import type { SimulationContainer } from '@simscope/contracts';

/**
 * Data another feature adds to a row (usage pressure today; simulation events and stack status
 * tomorrow). Discovery does not know any of them: a feature registers an annotator and publishes
 * values by container id; every row is built as facts from Docker + each annotation, in
 * registration order, and rebuilt when a value changes.
 */
export interface Annotator<T> {
  /** A short name, also the transition's action when it changes a phase (`<kind>`, `<kind>_cleared`). */
  kind: string;
  /** Pure: the row with this annotation (return the same object when nothing changes). */
  apply(row: SimulationContainer, value: T): SimulationContainer;
}

export interface AnnotationChannel<T> {
  /** The annotation's value for a container; null removes it. Unknown ids are ignored. */
  set(id: string, value: T | null): void;
}

/** The channel other features publish row annotations through (an injection token). */
export abstract class RowAnnotations {
  abstract register<T>(annotator: Annotator<T>): AnnotationChannel<T>;
}
