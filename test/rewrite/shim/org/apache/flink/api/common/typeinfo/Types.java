// Flink API shim for compiling generated union rewrites (test/rewrite): declares only what the
// generator and the replay harness use, with the signatures of Apache Flink 1.20's public API.
// Not Flink: bodies are either the harness's (state, Row) or throw (the job wiring never runs here).
package org.apache.flink.api.common.typeinfo;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Map;
import org.apache.flink.types.Row;

public class Types {
    public static final TypeInformation<String> STRING = info();
    public static final TypeInformation<Boolean> BOOLEAN = info();
    public static final TypeInformation<Byte> BYTE = info();
    public static final TypeInformation<Short> SHORT = info();
    public static final TypeInformation<Integer> INT = info();
    public static final TypeInformation<Long> LONG = info();
    public static final TypeInformation<Float> FLOAT = info();
    public static final TypeInformation<Double> DOUBLE = info();
    public static final TypeInformation<BigDecimal> BIG_DEC = info();
    public static final TypeInformation<LocalDate> LOCAL_DATE = info();
    public static final TypeInformation<LocalTime> LOCAL_TIME = info();
    public static final TypeInformation<LocalDateTime> LOCAL_DATE_TIME = info();
    public static final TypeInformation<Instant> INSTANT = info();

    public static TypeInformation<Row> ROW_NAMED(String[] fieldNames, TypeInformation<?>... types) {
        return info();
    }

    public static <K, V> TypeInformation<Map<K, V>> MAP(TypeInformation<K> keyType, TypeInformation<V> valueType) {
        return info();
    }

    public static TypeInformation<?> PRIMITIVE_ARRAY(TypeInformation<?> elementType) {
        return info();
    }

    public static <E> TypeInformation<E[]> OBJECT_ARRAY(TypeInformation<E> elementType) {
        return info();
    }

    private static <T> TypeInformation<T> info() {
        return new TypeInformation<T>() {};
    }
}
