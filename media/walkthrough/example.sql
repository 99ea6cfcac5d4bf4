-- A Flink SQL job that enriches orders: three inputs joined on customer_id, then one on sku.
-- Each binary join keeps both of its inputs in RocksDB state, and the result of every join
-- is stored again by the next one. Read the CodeLens above the INSERT, and the hint after
-- each ON: then choose "Compare plans".
CREATE TABLE orders (order_id BIGINT, customer_id BIGINT, sku STRING, amount DECIMAL(10, 2),
  PRIMARY KEY (order_id) NOT ENFORCED) WITH ('connector' = 'upsert-kafka');
CREATE TABLE customers (customer_id BIGINT, segment STRING,
  PRIMARY KEY (customer_id) NOT ENFORCED) WITH ('connector' = 'upsert-kafka');
CREATE TABLE loyalty (customer_id BIGINT, points INT,
  PRIMARY KEY (customer_id) NOT ENFORCED) WITH ('connector' = 'upsert-kafka');
CREATE TABLE products (sku STRING, category STRING,
  PRIMARY KEY (sku) NOT ENFORCED) WITH ('connector' = 'upsert-kafka');

INSERT INTO enriched_orders
SELECT o.order_id, o.amount, c.segment, l.points, p.category
FROM orders o
JOIN customers c ON o.customer_id = c.customer_id
LEFT JOIN loyalty l ON o.customer_id = l.customer_id
JOIN products p ON o.sku = p.sku;
