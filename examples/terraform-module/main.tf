# Three streaming applications from one resource block; their Parallelism is a variable
# declared in variables.tf, and the region comes from the provider in providers.tf.
locals {
  apps = toset(["orders", "payments", "shipping"])
}

resource "aws_kinesisanalyticsv2_application" "app" {
  for_each               = local.apps
  name                   = "stream-${each.key}"
  runtime_environment    = "FLINK-1_20"
  service_execution_role = "arn:aws:iam::123456789012:role/streaming"

  application_configuration {
    flink_application_configuration {
      parallelism_configuration {
        configuration_type  = "CUSTOM"
        parallelism         = var.parallelism
        parallelism_per_kpu = 1
      }
    }
  }
}
