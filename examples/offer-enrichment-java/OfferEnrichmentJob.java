package com.example.offers;

import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.StatementSet;
import org.apache.flink.table.api.TableEnvironment;

/**
 * Product offer enrichment, the Table API way: the same join chain as
 * ../offer-enrichment/enrichment.sql, with its SQL inside the program. Flink KPU Lens
 * reads the string literals passed to executeSql / addInsertSql (text blocks included),
 * analyses them together and shows the chain's state, KPUs and cost right here.
 */
public class OfferEnrichmentJob {

  public static void main(String[] args) {
    TableEnvironment tEnv = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
    tEnv.executeSql("SET 'table.exec.state.ttl' = '0'");

    tEnv.executeSql("""
        CREATE TABLE offer (
          sku          STRING,
          merchant_id  BIGINT,
          title        VARCHAR(200),
          condition    STRING,
          updated_at   TIMESTAMP(3),
          PRIMARY KEY (sku) NOT ENFORCED
        ) WITH (
          'connector' = 'upsert-kafka',
          'topic' = 'offers',
          'properties.bootstrap.servers' = 'kafka:9092',
          'key.format' = 'raw',
          'value.format' = 'json'
        )
        """);

    tEnv.executeSql("""
        CREATE TABLE stock (
          sku          STRING,
          warehouse    STRING,
          quantity     INT,
          updated_at   TIMESTAMP(3),
          PRIMARY KEY (sku) NOT ENFORCED
        ) WITH (
          'connector' = 'upsert-kafka',
          'topic' = 'stock',
          'properties.bootstrap.servers' = 'kafka:9092',
          'key.format' = 'raw',
          'value.format' = 'json'
        )
        """);

    tEnv.executeSql("""
        CREATE TABLE price_event (
          sku          STRING,
          amount       DECIMAL(12, 2),
          currency     CHAR(3),
          event_time   TIMESTAMP(3),
          WATERMARK FOR event_time AS event_time - INTERVAL '10' SECOND
        ) WITH (
          'connector' = 'kafka',
          'topic' = 'price-events',
          'properties.bootstrap.servers' = 'kafka:9092',
          'format' = 'json'
        )
        """);

    tEnv.executeSql("""
        CREATE TABLE product (
          sku          STRING,
          brand        STRING,
          category     STRING,
          attributes   MAP<STRING, STRING>,
          PRIMARY KEY (sku) NOT ENFORCED
        ) WITH (
          'connector' = 'upsert-kafka',
          'topic' = 'products',
          'properties.bootstrap.servers' = 'kafka:9092',
          'key.format' = 'raw',
          'value.format' = 'json'
        )
        """);

    tEnv.executeSql("""
        CREATE TABLE merchant (
          merchant_id  BIGINT,
          name         STRING,
          country      CHAR(2),
          PRIMARY KEY (merchant_id) NOT ENFORCED
        ) WITH (
          'connector' = 'upsert-kafka',
          'topic' = 'merchants',
          'properties.bootstrap.servers' = 'kafka:9092',
          'key.format' = 'raw',
          'value.format' = 'json'
        )
        """);

    tEnv.executeSql("""
        CREATE TABLE enriched_offer (
          sku          STRING,
          title        VARCHAR(200),
          quantity     INT,
          amount       DECIMAL(12, 2),
          currency     CHAR(3),
          brand        STRING,
          category     STRING,
          attributes   MAP<STRING, STRING>,
          merchant     STRING,
          PRIMARY KEY (sku) NOT ENFORCED
        ) WITH (
          'connector' = 'upsert-kafka',
          'topic' = 'enriched-offers',
          'properties.bootstrap.servers' = 'kafka:9092',
          'key.format' = 'raw',
          'value.format' = 'json'
        )
        """);

    // Keep only the latest price of each offer.
    tEnv.executeSql("""
        CREATE TEMPORARY VIEW latest_price AS
        SELECT sku, amount, currency
        FROM (
          SELECT *, ROW_NUMBER() OVER (PARTITION BY sku ORDER BY event_time DESC) AS rn
          FROM price_event
        )
        WHERE rn = 1""");

    StatementSet statements = tEnv.createStatementSet();
    statements.addInsertSql(
        "INSERT INTO enriched_offer\n"
            + "SELECT o.sku, o.title, s.quantity, p.amount, p.currency, pr.brand, pr.category, pr.attributes, m.name\n"
            + "FROM offer AS o\n"
            + "JOIN stock AS s ON s.sku = o.sku\n"
            + "LEFT JOIN latest_price AS p ON p.sku = o.sku\n"
            + "JOIN product AS pr ON pr.sku = o.sku\n"
            + "LEFT JOIN merchant AS m ON m.merchant_id = o.merchant_id");
    statements.execute();
  }
}
