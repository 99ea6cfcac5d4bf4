-- Order fulfilment: interval, temporal and lookup joins, which Flink runs with
-- other operators than the regular join chain.

CREATE TABLE orders (
  order_id     BIGINT,
  customer_id  BIGINT,
  currency     CHAR(3),
  amount       DECIMAL(12, 2),
  order_time   TIMESTAMP(3),
  proc_time AS PROCTIME(),
  WATERMARK FOR order_time AS order_time - INTERVAL '5' SECOND
) WITH (
  'connector' = 'kafka',
  'topic' = 'orders',
  'properties.bootstrap.servers' = 'kafka:9092',
  'format' = 'json'
);

CREATE TABLE shipments (
  shipment_id  BIGINT,
  order_id     BIGINT,
  carrier      STRING,
  ship_time    TIMESTAMP(3),
  WATERMARK FOR ship_time AS ship_time - INTERVAL '5' SECOND
) WITH (
  'connector' = 'kafka',
  'topic' = 'shipments',
  'properties.bootstrap.servers' = 'kafka:9092',
  'format' = 'json'
);

CREATE TABLE currency_rates (
  currency     CHAR(3),
  rate         DECIMAL(18, 6),
  update_time  TIMESTAMP(3),
  WATERMARK FOR update_time AS update_time - INTERVAL '15' SECOND,
  PRIMARY KEY (currency) NOT ENFORCED
) WITH (
  'connector' = 'upsert-kafka',
  'topic' = 'currency-rates',
  'properties.bootstrap.servers' = 'kafka:9092',
  'key.format' = 'raw',
  'value.format' = 'json'
);

CREATE TABLE customers (
  customer_id  BIGINT,
  segment      STRING,
  country      CHAR(2),
  PRIMARY KEY (customer_id) NOT ENFORCED
) WITH (
  'connector' = 'jdbc',
  'url' = 'jdbc:postgresql://db:5432/crm',
  'table-name' = 'customers',
  'lookup.cache' = 'PARTIAL',
  'lookup.partial-cache.max-rows' = '100000'
);

CREATE TABLE shipped_orders (
  order_id     BIGINT,
  carrier      STRING,
  amount_eur   DECIMAL(18, 6),
  segment      STRING,
  hours_to_ship BIGINT
) WITH ('connector' = 'print');

-- Interval join: shipments within 4 hours of the order (comma join, bounds in WHERE).
CREATE TEMPORARY VIEW shipped AS
SELECT o.order_id, o.customer_id, o.currency, o.amount, o.order_time, o.proc_time, s.carrier, s.ship_time
FROM orders o, shipments s
WHERE o.order_id = s.order_id
  AND s.ship_time BETWEEN o.order_time AND o.order_time + INTERVAL '4' HOUR;

INSERT INTO shipped_orders
SELECT sh.order_id,
       sh.carrier,
       sh.amount * r.rate AS amount_eur,
       c.segment,
       TIMESTAMPDIFF(HOUR, sh.order_time, sh.ship_time) AS hours_to_ship
FROM shipped AS sh
-- Event-time temporal join: the rate valid when the order was placed.
LEFT JOIN currency_rates FOR SYSTEM_TIME AS OF sh.order_time AS r
  ON r.currency = sh.currency
-- Lookup join: the customer row fetched from the database at processing time.
JOIN customers FOR SYSTEM_TIME AS OF sh.proc_time AS c
  ON c.customer_id = sh.customer_id;
