// Flink API shim for compiling generated union rewrites (test/rewrite): declares only what the
// generator and the replay harness use, with the signatures of Apache Flink 1.20's public API.
// Not Flink: bodies are either the harness's (state, Row) or throw (the job wiring never runs here).
package org.apache.flink.streaming.api.datastream;

import org.apache.flink.api.common.typeinfo.TypeInformation;

public class SingleOutputStreamOperator<T> extends DataStream<T> {
    public SingleOutputStreamOperator<T> name(String name) {
        throw new UnsupportedOperationException("Flink API shim: compile only");
    }

    public SingleOutputStreamOperator<T> uid(String uid) {
        throw new UnsupportedOperationException("Flink API shim: compile only");
    }

    public SingleOutputStreamOperator<T> returns(Class<T> typeClass) {
        throw new UnsupportedOperationException("Flink API shim: compile only");
    }

    public SingleOutputStreamOperator<T> returns(TypeInformation<T> typeInfo) {
        throw new UnsupportedOperationException("Flink API shim: compile only");
    }
}
