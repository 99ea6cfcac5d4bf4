// Sourced price table of AWS Managed Service for Apache Flink (docs/sizing-model.md §1).
// A region without a sourced row gets a price only from the caller's override (a user
// setting); without one, cost is unavailable with a reason. Never invent a price.
import { nonNeg } from './num';

export interface PriceRow {
  region: string;
  /** USD per KPU-hour. */
  kpuHour: number;
  /** USD per GB-month of running application storage (50 GB per KPU). */
  storageGBMonth: number;
  /** USD per GB-month of durable backups (snapshots). */
  backupGBMonth: number;
  currency: 'USD';
  source: string;
  /** When this row was recorded in this table from its source, ISO date. */
  recorded: string;
  /** true when the source is not AWS itself. */
  unverified: boolean;
}

export const PRICE_TABLE: Readonly<Record<string, PriceRow>> = Object.freeze({
  'us-east-1': {
    region: 'us-east-1',
    kpuHour: 0.11,
    storageGBMonth: 0.1,
    backupGBMonth: 0.023,
    currency: 'USD',
    source:
      'AWS pricing page, https://aws.amazon.com/managed-service-apache-flink/pricing/ (see docs/sizing-model.md §1)',
    recorded: '2026-11-22',
    unverified: false,
  },
  'eu-west-2': {
    region: 'eu-west-2',
    kpuHour: 0.127,
    storageGBMonth: 0.116,
    backupGBMonth: 0.024,
    currency: 'USD',
    source: 'Infracost price fixtures (see docs/sizing-model.md §1); not checked against the AWS pricing page',
    recorded: '2026-11-22',
    unverified: true,
  },
});

export interface PriceOverride {
  kpuHour: number;
  storageGBMonth: number;
  backupGBMonth: number;
}

export interface ResolvedPrice extends PriceOverride {
  region: string;
  source: string;
  unverified: boolean;
  fromOverride: boolean;
}

export type PriceLookup = { ok: true; price: ResolvedPrice } | { ok: false; reason: string };

function validOverride(o: PriceOverride | undefined): o is PriceOverride {
  return (
    !!o &&
    [o.kpuHour, o.storageGBMonth, o.backupGBMonth].every((x) => typeof x === 'number' && Number.isFinite(x) && x >= 0)
  );
}

/**
 * The price for `region`: the caller's override (a user setting) when given, else the
 * sourced table row, else no price with the reason.
 */
export function resolvePrice(region: string, override?: PriceOverride): PriceLookup {
  const r = String(region ?? '')
    .trim()
    .toLowerCase();
  if (override !== undefined) {
    if (validOverride(override)) {
      return {
        ok: true,
        price: {
          region: r || region,
          kpuHour: nonNeg(override.kpuHour),
          storageGBMonth: nonNeg(override.storageGBMonth),
          backupGBMonth: nonNeg(override.backupGBMonth),
          source: PRICE_TABLE[r]
            ? 'your price setting (overrides the sourced table)'
            : `your price setting (no sourced price for ${r || 'this region'})`,
          unverified: true,
          fromOverride: true,
        },
      };
    }
    if (!PRICE_TABLE[r])
      return { ok: false, reason: `the price setting for ${r || 'this region'} is incomplete or not a number` };
  }
  const row = PRICE_TABLE[r];
  if (row) {
    return {
      ok: true,
      price: {
        region: row.region,
        kpuHour: row.kpuHour,
        storageGBMonth: row.storageGBMonth,
        backupGBMonth: row.backupGBMonth,
        source: `${row.source}, recorded ${row.recorded}`,
        unverified: row.unverified,
        fromOverride: false,
      },
    };
  }
  return {
    ok: false,
    reason: `no sourced price for region ${r || '(none)'}; set a price for it (KPU-hour, storage GB-month, backup GB-month) to see cost. Sourced regions: ${Object.keys(PRICE_TABLE).join(', ')}`,
  };
}
