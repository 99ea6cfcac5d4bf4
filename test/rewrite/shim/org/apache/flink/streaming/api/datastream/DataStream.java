// Flink API shim for compiling generated union rewrites (test/rewrite): declares only what the
// generator and the replay harness use, with the signatures of Apache Flink 1.20's public API.
// Not Flink: bodies are either the harness's (state, Row) or throw (the job wiring never runs here).
package org.apache.flink.streaming.api.datastream;

import org.apache.flink.api.common.functions.FilterFunction;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.java.functions.KeySelector;

public class DataStream<T> {
    public <R> SingleOutputStreamOperator<R> map(MapFunction<T, R> mapper) {
        throw new UnsupportedOperationException("Flink API shim: compile only");
    }

    public SingleOutputStreamOperator<T> filter(FilterFunction<T> filter) {
        throw new UnsupportedOperationException("Flink API shim: compile only");
    }

    public <R> SingleOutputStreamOperator<R> flatMap(FlatMapFunction<T, R> flatMapper) {
        throw new UnsupportedOperationException("Flink API shim: compile only");
    }

    public <K> KeyedStream<T, K> keyBy(KeySelector<T, K> key) {
        throw new UnsupportedOperationException("Flink API shim: compile only");
    }

    @SafeVarargs
    public final DataStream<T> union(DataStream<T>... streams) {
        throw new UnsupportedOperationException("Flink API shim: compile only");
    }
}
