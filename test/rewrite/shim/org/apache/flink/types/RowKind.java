// Flink API shim for compiling generated union rewrites (test/rewrite): declares only what the
// generator and the replay harness use, with the signatures of Apache Flink 1.20's public API.
// Not Flink: bodies are either the harness's (state, Row) or throw (the job wiring never runs here).
package org.apache.flink.types;

public enum RowKind {
    INSERT("+I", (byte) 0),
    UPDATE_BEFORE("-U", (byte) 1),
    UPDATE_AFTER("+U", (byte) 2),
    DELETE("-D", (byte) 3);

    private final String shortString;
    private final byte value;

    RowKind(String shortString, byte value) {
        this.shortString = shortString;
        this.value = value;
    }

    public String shortString() {
        return shortString;
    }

    public byte toByteValue() {
        return value;
    }
}
