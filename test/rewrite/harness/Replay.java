// The replay harness's runtime (test/rewrite): runs generated union-stage functions outside
// Flink, one key at a time, with their keyed state in maps (per stage function and key), and
// keeps the sink as an upsert table. Values travel as text: \N is null.
package flinkkpu.replay;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.apache.flink.util.Collector;

public final class Replay {
    private Replay() {}

    /** Where a collector sends what it collects. */
    public interface Target<T> {
        void accept(T value) throws Exception;
    }

    public static <T> Collector<T> collector(Target<T> target) {
        return new Collector<T>() {
            @Override
            public void collect(T record) {
                try {
                    target.accept(record);
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            }

            @Override
            public void close() {}
        };
    }

    /** One keyed function with its state: per state name, per key. */
    public static final class Keyed<K, I, O> implements RuntimeContext {
        private final KeyedProcessFunction<K, I, O> fn;
        private final KeyedProcessFunction<K, I, O>.Context ctx;
        private final Map<String, Map<Object, Object>> values = new HashMap<>();
        private final Map<String, Map<Object, Map<Object, Object>>> maps = new HashMap<>();
        private K current;

        public Keyed(KeyedProcessFunction<K, I, O> fn) throws Exception {
            this.fn = fn;
            fn.setRuntimeContext(this);
            fn.open(new OpenContext() {});
            this.ctx = fn.new Context() {
                @Override
                public K getCurrentKey() {
                    return current;
                }
            };
        }

        public void process(K key, I value, Collector<O> out) throws Exception {
            if (key == null) throw new IllegalStateException("keyBy got a null key");
            current = key;
            fn.processElement(value, ctx, out);
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> ValueState<T> getState(ValueStateDescriptor<T> descriptor) {
            Map<Object, Object> byKey = values.computeIfAbsent(descriptor.getName(), n -> new HashMap<>());
            return new ValueState<T>() {
                @Override
                public T value() {
                    return (T) byKey.get(current);
                }

                @Override
                public void update(T value) {
                    if (value == null) byKey.remove(current);
                    else byKey.put(current, value);
                }

                @Override
                public void clear() {
                    byKey.remove(current);
                }
            };
        }

        @Override
        @SuppressWarnings("unchecked")
        public <UK, UV> MapState<UK, UV> getMapState(MapStateDescriptor<UK, UV> descriptor) {
            Map<Object, Map<Object, Object>> byKey = maps.computeIfAbsent(descriptor.getName(), n -> new HashMap<>());
            return new MapState<UK, UV>() {
                private Map<UK, UV> map() {
                    return (Map<UK, UV>) (Map<?, ?>) byKey.computeIfAbsent(current, k -> new LinkedHashMap<>());
                }

                private void dropIfEmpty() {
                    Map<Object, Object> m = byKey.get(current);
                    if (m != null && m.isEmpty()) byKey.remove(current);
                }

                @Override
                public UV get(UK key) {
                    return map().get(key);
                }

                @Override
                public void put(UK key, UV value) {
                    map().put(key, value);
                }

                @Override
                public void putAll(Map<UK, UV> m) {
                    map().putAll(m);
                }

                @Override
                public void remove(UK key) {
                    map().remove(key);
                    dropIfEmpty();
                }

                @Override
                public boolean contains(UK key) {
                    return map().containsKey(key);
                }

                @Override
                public Iterable<Map.Entry<UK, UV>> entries() {
                    return new ArrayList<>(map().entrySet());
                }

                @Override
                public Iterable<UK> keys() {
                    return new ArrayList<>(map().keySet());
                }

                @Override
                public Iterable<UV> values() {
                    List<UV> copy = new ArrayList<>(map().values());
                    dropIfEmpty();
                    return copy;
                }

                @Override
                public Iterator<Map.Entry<UK, UV>> iterator() {
                    return entries().iterator();
                }

                @Override
                public boolean isEmpty() {
                    boolean empty = map().isEmpty();
                    dropIfEmpty();
                    return empty;
                }

                @Override
                public void clear() {
                    byKey.remove(current);
                }
            };
        }
    }

    /** The sink: an upsert table on the output key; counts every message it receives. */
    public static final class Sink {
        private final int[] keyPositions;
        private final Map<String, String> rows = new TreeMap<>();
        private int messages;

        public Sink(int... keyPositions) {
            this.keyPositions = keyPositions;
        }

        public void apply(Row row) {
            messages++;
            String[] values = new String[row.getArity()];
            for (int i = 0; i < values.length; i++) values[i] = format(row.getField(i));
            StringBuilder key = new StringBuilder();
            for (int p : keyPositions) key.append(values[p]).append('\u0001');
            switch (row.getKind()) {
                case INSERT:
                case UPDATE_AFTER:
                    rows.put(key.toString(), String.join("\t", values));
                    break;
                case DELETE:
                    rows.remove(key.toString());
                    break;
                default:
                    throw new IllegalStateException("an upsert sink got " + row.getKind());
            }
        }

        public void print(PrintStream out) {
            for (String r : rows.values()) out.println("R\t" + r);
            out.println("C\t" + messages);
            out.println(".");
        }
    }

    public static RowKind kind(String shortString) {
        for (RowKind k : RowKind.values()) if (k.shortString().equals(shortString)) return k;
        throw new IllegalArgumentException("row kind " + shortString);
    }

    /** Text → the Java value of a column; maps are `k=v;k=v` with STRING keys and values. */
    public static Object parse(String s, Class<?> type) {
        if (s.equals("\\N")) return null;
        if (type == String.class) return s;
        if (type == Long.class) return Long.valueOf(s);
        if (type == Integer.class) return Integer.valueOf(s);
        if (type == Short.class) return Short.valueOf(s);
        if (type == Byte.class) return Byte.valueOf(s);
        if (type == Boolean.class) return Boolean.valueOf(s);
        if (type == Double.class) return Double.valueOf(s);
        if (type == Float.class) return Float.valueOf(s);
        if (type == BigDecimal.class) return new BigDecimal(s);
        if (type == LocalDate.class) return LocalDate.parse(s);
        if (type == LocalTime.class) return LocalTime.parse(s);
        if (type == LocalDateTime.class) return LocalDateTime.parse(s);
        if (type == Instant.class) return Instant.parse(s);
        if (type == Map.class) {
            Map<String, String> m = new TreeMap<>();
            if (!s.isEmpty()) {
                for (String e : s.split(";")) {
                    int eq = e.indexOf('=');
                    m.put(e.substring(0, eq), e.substring(eq + 1));
                }
            }
            return m;
        }
        throw new IllegalArgumentException("the replay harness reads no " + type.getName());
    }

    public static String format(Object v) {
        if (v == null) return "\\N";
        if (v instanceof BigDecimal) return ((BigDecimal) v).toPlainString();
        if (v instanceof Map) {
            StringBuilder b = new StringBuilder();
            for (Map.Entry<?, ?> e : new TreeMap<>((Map<?, ?>) v).entrySet()) {
                if (b.length() > 0) b.append(';');
                b.append(e.getKey()).append('=').append(e.getValue());
            }
            return b.toString();
        }
        if (v instanceof Object[]) return Arrays.deepToString((Object[]) v);
        return v.toString();
    }
}
