// How a job's bill is written for people (section 4 of docs/sizing-model.md): what AWS bills
// for the configuration as written, and, when the job needs more KPUs than configured, what it
// needs to fit and that month's cost. One wording for the diagnostic, the CLI, the editor's
// labels and the comparison page's model.
import { type Dimension, extraText, type JobEstimate } from '../sizing';
import { gb, usd } from './format';

/** `4 + 1 orchestration`, `4 + 2 Studio (orchestration, interactive development)`: the billed KPUs' parts. */
export function billedParts(e: JobEstimate, kpu = e.kpu.billed): string {
  return `${kpu - e.kpu.extra} + ${extraText(e.kpu.application, e.kpu.extra)}`;
}

/** `5 KPU billed (4 + 1 orchestration)`; a legacy SQL application: `1 KPU billed per KPU the service runs (no orchestration KPU)`. */
export function billedText(e: JobEstimate): string {
  if (e.kpu.application === 'legacy-sql')
    return `${e.kpu.billed} KPU billed per KPU the service runs (no orchestration KPU)`;
  return `${e.kpu.billed} KPU billed (${billedParts(e)})`;
}

/** `25 KPU to fit ($2,149/mo at Parallelism 24)`, or undefined when the configured KPUs suffice. */
export function toFitText(e: JobEstimate): string | undefined {
  const f = e.toFit;
  if (!f) return undefined;
  return `${f.kpu} KPU to fit (${f.monthlyUsd !== undefined ? `${usd(f.monthlyUsd)}/mo at ` : ''}Parallelism ${f.parallelism})`;
}

/** The `kpu-storage-exceeded` message: the state on disk, what AWS bills as configured, and what fits. */
export function storageExceededMessage(e: JobEstimate): string {
  const billedCost = e.cost ? `, ${usd(e.cost.monthlyUsd)}/mo` : '';
  const f = e.toFit;
  const fit = f
    ? ` To fit, the job needs ${f.kpu} KPU (${billedParts(e, f.kpu)}${f.monthlyUsd !== undefined ? `, ${usd(f.monthlyUsd)}/mo` : ''}): Parallelism ${f.parallelism}.`
    : e.parallelismToFit
      ? ` Parallelism ${e.parallelismToFit} would fit.`
      : '';
  return `State on disk (${gb(e.onDiskBytes)}) does not fit the ${e.kpu.configured} KPU configured (${e.kpu.byDimension.storage} KPU of storage needed at 50 GB each). AWS bills the configuration: ${e.kpu.billed} KPU (${billedParts(e)})${billedCost}.${fit}`;
}

/** The dimension that sets the KPU count, as the labels say it: `CPU`, `memory`, `storage`. */
export function bindingWord(binding: Dimension): string {
  return binding === 'cpu' ? 'CPU' : binding;
}
