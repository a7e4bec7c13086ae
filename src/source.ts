import type { HeapProperties } from './options';

/**
 * The seam between the pipeline and one bound Statsig client, whatever its SDK: the SDK's
 * source module (js-client-source.ts, statsig-js-source.ts) holds every probe of Statsig's
 * internals and feeds the pipeline through its methods; the pipeline asks the source only
 * what this interface says, in its own tasks.
 */
export interface Source {
  /** What the SDK knows of itself, read when an event is mapped: `statsigMetadata.*`, the project. */
  describe(): { statsigMetadata: Record<string, unknown>; project: unknown };
  /**
   * The on-device client, which has no current user: the values for `user`, made when first
   * needed, and whether this is the first time since its rules loaded (`resets`, as counted
   * when the item was kept): its maps go out then.
   */
  valuesFor?(user: unknown, resets: number): [values: unknown, first: boolean];
  /**
   * The initialize maps this client last sent, per event name: an immediate repeat for the
   * same user within one initialize or update is not sent again.
   */
  sent: Record<string, [user: string, resets: number, map: HeapProperties]>;
  /** Counts the app's new initializes and user updates (on-device: rule loads): each sends the maps again. */
  resets: number;
  /** The user whose values this client reported last (its userID and customIDs, as JSON). */
  user?: string;
}
