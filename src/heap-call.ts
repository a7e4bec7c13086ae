/** The Heap methods the plugin calls. */
export type HeapMethod =
  | 'track'
  | 'identify'
  | 'resetIdentity'
  | 'addUserProperties'
  | 'addEventProperties'
  | 'removeEventProperty';

/** One call the plugin means to make to Heap: counted pending from when it is made. */
export interface HeapCall {
  /** None: the call only brings Heap to `who` (a user switch with nothing else to send). */
  method?: HeapMethod | undefined;
  args: unknown[];
  /** With `identify`: the identity Heap must have first (null: anonymous); unset: any. */
  who?: string | null;
  /** Under `dedupe` session or first: the exposure's unit and entity, and its value and rule. */
  exposure?: [unitAndEntity: string, variant: string];
}
