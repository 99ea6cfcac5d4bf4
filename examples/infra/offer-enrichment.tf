provider "aws" {
  region = "us-east-1"
}

variable "parallelism" {
  type    = number
  default = 24
}

resource "aws_kinesisanalyticsv2_application" "offer_enrichment" {
  name                   = "offer-enrichment"
  runtime_environment    = "FLINK-1_20"
  service_execution_role = aws_iam_role.flink.arn

  application_configuration {
    application_code_configuration {
      code_content_type = "ZIPFILE"
      code_content {
        s3_content_location {
          bucket_arn = aws_s3_bucket.code.arn
          file_key   = "offer-enrichment.jar"
        }
      }
    }

    application_snapshot_configuration {
      snapshots_enabled = true
    }

    flink_application_configuration {
      parallelism_configuration {
        auto_scaling_enabled = false
        configuration_type   = "CUSTOM"
        parallelism          = var.parallelism
        parallelism_per_kpu  = 1
      }
    }
  }
}
