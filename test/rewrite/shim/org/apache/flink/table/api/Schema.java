// Flink API shim for compiling generated union rewrites (test/rewrite): declares only what the
// generator and the replay harness use, with the signatures of Apache Flink 1.20's public API.
// Not Flink: bodies are either the harness's (state, Row) or throw (the job wiring never runs here).
package org.apache.flink.table.api;

public final class Schema {
    public static Builder newBuilder() {
        return new Builder();
    }

    public static final class Builder {
        public Builder column(String columnName, String serializableTypeString) {
            return this;
        }

        public Builder primaryKey(String... columnNames) {
            return this;
        }

        public Schema build() {
            return new Schema();
        }
    }
}
