// The messages between the comparison panel (extension host) and its page (webview), both ways,
// and the page's saved state. Each side parses what arrives with these schemas before using it:
// anything else is ignored (host) or reported (page). No imports but zod: the page bundles it.
import * as z from 'zod';
import { CompareModelSchema, RefComparisonSchema } from './views';

/** What-if figures the page sends; the host recomputes the comparison with them. */
export const WhatIfSchema = z.object({
  parallelism: z.number().int().min(1).max(100_000).optional(),
  parallelismPerKPU: z.number().int().min(1).max(8).optional(),
  region: z
    .string()
    .max(40)
    .regex(/^[a-z0-9-]*$/)
    .optional(),
  stateTtlDays: z.number().min(0).max(100_000).optional(),
  rows: z.record(z.string().max(300), z.number().min(0).max(1e15)).optional(),
});
export type WhatIf = z.infer<typeof WhatIfSchema>;

const chainIndex = z.number().int().min(0).max(10_000);

/** What the panel compares: kept by the page (vscode.setState) so that a reload restores it. */
export const PanelStateSchema = z.object({
  uri: z.string(),
  chain: chainIndex,
  job: chainIndex,
  whatIf: WhatIfSchema,
});
export type PanelState = z.infer<typeof PanelStateSchema>;

/** Messages the page may send; anything else is ignored. */
export const PageMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('whatIf'), whatIf: WhatIfSchema }),
  z.object({ type: z.literal('selectChain'), chain: chainIndex }),
  z.object({ type: z.literal('export') }),
  z.object({ type: z.literal('reveal') }),
  z.object({ type: z.literal('rewrite') }),
  /** Write the what-if values that differ from the job into its descriptor (the model's `apply`). */
  z.object({ type: z.literal('applyToDescriptor') }),
  /** Run "Compare with a git ref" again with the same ref (the working copy may have changed). */
  z.object({ type: z.literal('compareWithRefAgain') }),
]);
export type PageMessage = z.infer<typeof PageMessageSchema>;

/** Messages the host sends: the comparison to draw with the state it is of, or why there is none. */
export const HostMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('model'), model: CompareModelSchema, state: PanelStateSchema }),
  z.object({ type: z.literal('error'), message: z.string(), state: PanelStateSchema.optional() }),
  /** The file's jobs before and after a git ref, shown above the plans until another file is compared. */
  z.object({ type: z.literal('refComparison'), comparison: RefComparisonSchema }),
]);
export type HostMessage = z.infer<typeof HostMessageSchema>;

/**
 * A saved page state as the panel restores it (after a reload): each field that is not valid
 * takes its default, so a state from an older page still reopens its file.
 */
export function panelStateOf(raw: unknown): PanelState {
  const s = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const field = <T>(schema: z.ZodType<T>, value: unknown, fallback: T): T => {
    const r = schema.safeParse(value);
    return r.success ? r.data : fallback;
  };
  return {
    uri: field(z.string(), s.uri, ''),
    chain: field(chainIndex, s.chain, 0),
    job: field(chainIndex, s.job, 0),
    whatIf: field(WhatIfSchema, s.whatIf ?? {}, {}),
  };
}
