// Flink API shim for compiling generated union rewrites (test/rewrite): declares only what the
// generator and the replay harness use, with the signatures of Apache Flink 1.20's public API.
// Not Flink: bodies are either the harness's (state, Row) or throw (the job wiring never runs here).
package org.apache.flink.streaming.api.datastream;

import org.apache.flink.streaming.api.functions.KeyedProcessFunction;

public class KeyedStream<T, KEY> extends DataStream<T> {
    public <R> SingleOutputStreamOperator<R> process(KeyedProcessFunction<KEY, T, R> keyedProcessFunction) {
        throw new UnsupportedOperationException("Flink API shim: compile only");
    }
}
