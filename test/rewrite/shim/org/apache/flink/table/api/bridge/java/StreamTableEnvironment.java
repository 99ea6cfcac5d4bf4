// Flink API shim for compiling generated union rewrites (test/rewrite): declares only what the
// generator and the replay harness use, with the signatures of Apache Flink 1.20's public API.
// Not Flink: bodies are either the harness's (state, Row) or throw (the job wiring never runs here).
package org.apache.flink.table.api.bridge.java;

import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.types.Row;

public interface StreamTableEnvironment extends TableEnvironment {
    static StreamTableEnvironment create(StreamExecutionEnvironment executionEnvironment) {
        throw new UnsupportedOperationException("Flink API shim: compile only");
    }

    DataStream<Row> toChangelogStream(Table table);

    Table fromChangelogStream(DataStream<Row> dataStream, Schema schema, ChangelogMode changelogMode);

    @Override
    StreamStatementSet createStatementSet();
}
