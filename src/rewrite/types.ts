// SQL types (as a DDL writes them) → the Java classes Flink's Row conversion uses for them by
// default (Flink's DataTypes: each logical type's default conversion class) and the
// TypeInformation that describes them (org.apache.flink.api.common.typeinfo.Types).

export interface JavaType {
  /** The Java type as written in a field declaration (`String`, `java.math.BigDecimal`, `java.util.Map<String, Long>`). */
  name: string;
  /** The raw class for `Foo.class` (`java.util.Map` for a map). */
  rawClass: string;
  /** `Types.STRING`, `Types.MAP(Types.STRING, Types.LONG)`. */
  typeInfo: string;
  /** Imports it needs. */
  imports: string[];
}

const SIMPLE: Record<string, [string, string, string?]> = {
  STRING: ['String', 'Types.STRING'],
  VARCHAR: ['String', 'Types.STRING'],
  CHAR: ['String', 'Types.STRING'],
  BOOLEAN: ['Boolean', 'Types.BOOLEAN'],
  TINYINT: ['Byte', 'Types.BYTE'],
  SMALLINT: ['Short', 'Types.SHORT'],
  INT: ['Integer', 'Types.INT'],
  INTEGER: ['Integer', 'Types.INT'],
  BIGINT: ['Long', 'Types.LONG'],
  FLOAT: ['Float', 'Types.FLOAT'],
  DOUBLE: ['Double', 'Types.DOUBLE'],
  DECIMAL: ['BigDecimal', 'Types.BIG_DEC', 'java.math.BigDecimal'],
  DEC: ['BigDecimal', 'Types.BIG_DEC', 'java.math.BigDecimal'],
  NUMERIC: ['BigDecimal', 'Types.BIG_DEC', 'java.math.BigDecimal'],
  DATE: ['LocalDate', 'Types.LOCAL_DATE', 'java.time.LocalDate'],
  TIME: ['LocalTime', 'Types.LOCAL_TIME', 'java.time.LocalTime'],
  TIMESTAMP: ['LocalDateTime', 'Types.LOCAL_DATE_TIME', 'java.time.LocalDateTime'],
  TIMESTAMP_LTZ: ['Instant', 'Types.INSTANT', 'java.time.Instant'],
  BYTES: ['byte[]', 'Types.PRIMITIVE_ARRAY(Types.BYTE)'],
  VARBINARY: ['byte[]', 'Types.PRIMITIVE_ARRAY(Types.BYTE)'],
  BINARY: ['byte[]', 'Types.PRIMITIVE_ARRAY(Types.BYTE)'],
};

/** Splits `K, V` of `MAP<K, V>` at its top-level comma. */
function splitTop(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '<' || s[i] === '(') depth++;
    else if (s[i] === '>' || s[i] === ')') depth--;
    else if (s[i] === ',' && depth === 0) {
      out.push(s.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(s.slice(start).trim());
  return out;
}

/** The Java type of a SQL type, or undefined when the generator has no mapping (ROW, MULTISET, RAW, intervals). */
export function javaType(sqlType: string): JavaType | undefined {
  const t = sqlType
    .trim()
    .replace(/\s+NOT\s+NULL$/i, '')
    .replace(/\s+/g, ' ');
  const upper = t.toUpperCase();
  if (
    /^TIMESTAMP(\s*\(\s*\d+\s*\))?\s+WITH LOCAL TIME ZONE$/.test(upper) ||
    /^TIMESTAMP_LTZ(\s*\(\s*\d+\s*\))?$/.test(upper)
  )
    return simple('TIMESTAMP_LTZ');
  if (/^TIMESTAMP(\s*\(\s*\d+\s*\))?(\s+WITHOUT TIME ZONE)?$/.test(upper)) return simple('TIMESTAMP');
  const map = /^MAP\s*<(.*)>$/i.exec(t);
  if (map) {
    const [k, v, ...rest] = splitTop(map[1]);
    const kt = k ? javaType(k) : undefined;
    const vt = v ? javaType(v) : undefined;
    if (!kt || !vt || rest.length > 0 || kt.name.endsWith('[]') || vt.name.endsWith('[]')) return undefined;
    return {
      name: `Map<${kt.name}, ${vt.name}>`,
      rawClass: 'Map',
      typeInfo: `Types.MAP(${kt.typeInfo}, ${vt.typeInfo})`,
      imports: ['java.util.Map', ...kt.imports, ...vt.imports],
    };
  }
  const arr = /^ARRAY\s*<(.*)>$/i.exec(t);
  if (arr) {
    const et = javaType(arr[1]);
    if (!et || et.name.includes('<') || et.name.endsWith('[]')) return undefined;
    return {
      name: `${et.name}[]`,
      rawClass: `${et.name}[]`,
      typeInfo: `Types.OBJECT_ARRAY(${et.typeInfo})`,
      imports: et.imports,
    };
  }
  const base = /^([A-Z_]+)/.exec(upper)?.[1];
  return base && SIMPLE[base] ? simple(base) : undefined;
}

function simple(base: string): JavaType {
  const [name, typeInfo, imp] = SIMPLE[base];
  return { name, rawClass: name, typeInfo, imports: imp ? [imp] : [] };
}
